package io.otarelease.signer;

import io.otarelease.client.json.CanonicalJson;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The append-only audit log: one canonical JSON object per line. {@link #append} returns only once the line is
 * on disk ({@code fdatasync}), so the server can answer after it and never before.
 *
 * <p>Concurrent requests share their syncs (group commit): each writer appends under one lock, then waits for a
 * sync that covers its line; a sync started after the line was written covers it, so 32 writers need far fewer
 * than 32 syncs.
 *
 * <p>A failed write or sync makes {@link #failure()} non-null; every later append first cuts the file back to its
 * last whole line (a failed write may have left part of one) and tries again, so the log recovers by itself once
 * the disk has room. An append that throws means the line may not be on disk, and the caller must not act on it.
 *
 * <p>Every line is bounded: a text value over {@value #MAX_FIELD} characters (a client chooses its request path)
 * is cut, and its SHA-256 kept beside it as {@code <field>Sha256}.
 */
public final class SigningAuditLog implements Closeable {
    static final int MAX_FIELD = 256;
    private static final int KEEP = 200;
    private final Path file;
    private final FileChannel channel;
    private final Object writeLock = new Object();
    private final Object syncLock = new Object();
    private long written; // guarded by writeLock
    private long synced; // guarded by syncLock
    private volatile String failure; // written under writeLock
    private long failedAt; // guarded by writeLock: `written` when the last failure happened

    private SigningAuditLog(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.written = channel.size();
        this.synced = written;
    }

    public static SigningAuditLog open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent);
        }
        return new SigningAuditLog(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND));
    }

    /** Writes one record and syncs it to disk; throws when the line may not be durable. */
    public void append(Map<String, Object> record) throws IOException {
        byte[] line = (CanonicalJson.text(bounded(record)) + "\n").getBytes(StandardCharsets.UTF_8);
        long end;
        try {
            synchronized (writeLock) {
                if (failure != null) {
                    // whatever a failed write left after the last whole line goes, so every line stays whole
                    channel.truncate(written);
                }
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
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            synchronized (writeLock) {
                failure = why;
                failedAt = written;
            }
            throw new IOException("cannot write audit log " + file + ": " + why, e);
        }
        synchronized (writeLock) {
            // only a line written after the last failure proves the log works again
            if (failure != null && end > failedAt) {
                failure = null;
            }
        }
    }

    /** The record with every long text value cut to its first characters and its SHA-256 kept beside it. */
    static Map<String, Object> bounded(Map<String, Object> record) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : record.entrySet()) {
            if (e.getValue() instanceof String text && text.length() > MAX_FIELD) {
                out.put(e.getKey(), prefix(text, KEEP) + "...(cut, " + text.length() + " characters)");
                out.put(e.getKey() + "Sha256", sha256(text));
            } else {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /** The first {@code n} characters, or one fewer where the n-th starts a surrogate pair. */
    static String prefix(String text, int n) {
        if (text.length() <= n) {
            return text;
        }
        return text.substring(0, Character.isHighSurrogate(text.charAt(n - 1)) ? n - 1 : n);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Null while the log works; otherwise why its last append failed. */
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
