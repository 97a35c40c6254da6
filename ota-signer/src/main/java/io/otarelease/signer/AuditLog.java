package io.otarelease.signer;

import io.otarelease.client.json.Json;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * The append-only audit log: one canonical JSON object per line. {@link #append} returns only once the line is
 * on disk ({@code fdatasync}), so the server can answer after it and never before.
 *
 * <p>Concurrent requests share their syncs (group commit): each writer appends under one lock, then waits for a
 * sync that covers its line; a sync started after the line was written covers it, so 32 writers need far fewer
 * than 32 syncs. A failed write or sync may leave half a line behind, so the log then fails closed: every later
 * append fails too (and the server withholds every signature) until an operator restarts it.
 */
public final class AuditLog implements Closeable {
    private final Path file;
    private final FileChannel channel;
    private final Object writeLock = new Object();
    private final Object syncLock = new Object();
    private long written; // guarded by writeLock
    private long synced; // guarded by syncLock
    private volatile String failure;

    private AuditLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    public static AuditLog open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent);
        }
        return new AuditLog(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND));
    }

    /** Writes one record and syncs it to disk; throws when the line may not be durable. */
    public void append(Map<String, Object> record) throws IOException {
        if (failure != null) {
            throw new IOException("audit log " + file + " failed earlier (" + failure + "); restart the server");
        }
        byte[] line = (Json.canonical(record) + "\n").getBytes(StandardCharsets.UTF_8);
        long end;
        try {
            synchronized (writeLock) {
                ByteBuffer buf = ByteBuffer.wrap(line);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
                written += line.length;
                end = written;
            }
            synchronized (syncLock) {
                if (synced < end) {
                    long target;
                    synchronized (writeLock) {
                        target = written;
                    }
                    channel.force(false);
                    synced = target;
                }
            }
        } catch (IOException e) {
            failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IOException("cannot write audit log " + file + ": " + failure, e);
        }
    }

    /** Null while the log works; otherwise why it stopped. */
    public String failure() {
        return failure;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
