package io.otarelease.cordova;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * Telemetry waiting to be sent, on disk so it survives restarts and crashes: the open batch ({@code open.json},
 * events still being gathered) and closed batches ({@code batches/<seq>-<batchId>.json}, each sent whole and with
 * the same batchId on every retry, until the collector took it or refused it for good). Every file is written
 * atomically (temporary file, fsync, rename): a crash leaves the old or the new content. Bounded: the oldest batch
 * goes first when the device has been offline for long.
 */
final class TelemetryQueue {
    static final String SCHEMA = "ota-telemetry/1";
    /** Events per batch: the contract allows 500; 200 of ours stay far below its 256 KiB body limit. */
    static final int MAX_EVENTS = 200;
    static final int MAX_BATCHES = 50;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The batch fields that are the same for all its events. */
    static final class Header {
        final String installId;
        final String app;
        final String channel;
        final String nativeVersion;

        Header(String installId, String app, String channel, String nativeVersion) {
            this.installId = installId;
            this.app = app;
            this.channel = channel;
            this.nativeVersion = nativeVersion;
        }

        JSONObject toJson() throws JSONException {
            return new JSONObject().put("schema", SCHEMA).put("installId", installId).put("app", app)
                    .put("channel", channel).put("platform", "android").put("nativeVersion", nativeVersion);
        }

        boolean sameAs(JSONObject o) {
            return installId.equals(o.optString("installId")) && app.equals(o.optString("app"))
                    && channel.equals(o.optString("channel")) && nativeVersion.equals(o.optString("nativeVersion"));
        }
    }

    /** A closed batch: its file and its body without {@code sentAt}, which each attempt sets. */
    static final class Batch {
        final Path file;
        final JSONObject body;

        Batch(Path file, JSONObject body) {
            this.file = file;
            this.body = body;
        }

        String batchId() {
            return body.optString("batchId");
        }
    }

    private final Path dir;
    private final Path openFile;
    private final Path batches;
    private JSONObject open; // header fields and "events"; null when nothing is gathered

    TelemetryQueue(Path dir) throws IOException {
        this.dir = dir;
        this.openFile = dir.resolve("open.json");
        this.batches = dir.resolve("batches");
        Files.createDirectories(batches);
        open = readJson(openFile);
    }

    /** Adds an event to the open batch; a new channel or native version starts a new batch. */
    synchronized void add(Header header, JSONObject event) throws IOException {
        try {
            if (open != null && !header.sameAs(open)) {
                close();
            }
            if (open == null) {
                open = header.toJson().put("events", new JSONArray());
            }
            open.getJSONArray("events").put(event);
        } catch (JSONException e) {
            throw new IOException(e);
        }
        if (open.optJSONArray("events").length() >= MAX_EVENTS) {
            close();
        } else {
            writeAtomically(openFile, bytes(open));
        }
    }

    /** Closes the open batch, if it has events: from now on it is sent as it is, under a batchId of its own. */
    synchronized void close() throws IOException {
        if (open == null || open.optJSONArray("events") == null || open.optJSONArray("events").length() == 0) {
            open = null;
            Files.deleteIfExists(openFile);
            return;
        }
        String batchId = randomId();
        try {
            open.put("batchId", batchId);
        } catch (JSONException e) {
            throw new IOException(e);
        }
        String name = String.format(Locale.ROOT, "%019d-%s.json", nextSequence(), batchId);
        writeAtomically(batches.resolve(name), bytes(open));
        open = null;
        Files.deleteIfExists(openFile);
        List<Path> all = batchFiles();
        for (int i = 0; i < all.size() - MAX_BATCHES; i++) {
            Files.deleteIfExists(all.get(i)); // long offline: the oldest news goes first
        }
    }

    /** The oldest closed batch, or null. An unreadable file (never written by us whole) is dropped. */
    synchronized Batch oldest() throws IOException {
        for (Path f : batchFiles()) {
            JSONObject body = readJson(f);
            if (body != null) {
                return new Batch(f, body);
            }
            Files.deleteIfExists(f);
        }
        return null;
    }

    synchronized void remove(Batch b) throws IOException {
        Files.deleteIfExists(b.file);
    }

    synchronized int pendingBatches() throws IOException {
        return batchFiles().size();
    }

    synchronized int openEvents() {
        return open == null ? 0 : open.optJSONArray("events").length();
    }

    /** Opt-out: everything queued is deleted. */
    synchronized void clear() throws IOException {
        open = null;
        Files.deleteIfExists(openFile);
        for (Path f : batchFiles()) {
            Files.deleteIfExists(f);
        }
    }

    Path dir() {
        return dir;
    }

    private long nextSequence() throws IOException {
        List<Path> all = batchFiles();
        if (all.isEmpty()) {
            return 1;
        }
        String last = all.get(all.size() - 1).getFileName().toString();
        return Long.parseLong(last.substring(0, last.indexOf('-'))) + 1;
    }

    private List<Path> batchFiles() throws IOException {
        List<Path> all = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(batches, "[0-9]*-*.json")) {
            for (Path f : s) {
                all.add(f);
            }
        }
        Collections.sort(all); // zero-padded sequence first: oldest first
        return all;
    }

    /** 32 hex digits from a secure random source: batch ids and the telemetry install id. */
    static String randomId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format(Locale.ROOT, "%02x", x));
        }
        return s.toString();
    }

    static JSONObject readJson(Path f) throws IOException {
        if (!Files.exists(f)) {
            return null;
        }
        try {
            return new JSONObject(new String(Files.readAllBytes(f), StandardCharsets.UTF_8));
        } catch (JSONException e) {
            return null;
        }
    }

    static byte[] bytes(JSONObject o) {
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Temporary file, fsync, rename over the target: readers see the old or the new content, whole. */
    static void writeAtomically(Path target, byte[] content) throws IOException {
        Objects.requireNonNull(target.getParent());
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + randomId() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(content));
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
