package io.otarelease.client.fetch;

import io.otarelease.client.bytes.Bytes;
import io.otarelease.client.verify.Limits;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerificationException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

/**
 * Downloads over HTTP(S) with every dimension bounded, so a hostile or broken server can neither exhaust a device
 * (endless data) nor hold it forever (slow retrieval):
 * <ul>
 *   <li>size: a declared {@code Content-Length} above the limit is refused before the body is read, and reading
 *       stops at the limit + 1 byte whatever the server says;</li>
 *   <li>time: a connect timeout, a read timeout for a stalled connection, and a minimum average rate for a server
 *       that dribbles bytes just fast enough to beat the read timeout: after a grace of {@code baseTime}, a
 *       transfer must have averaged {@code minBytesPerSecond} since the grace ended, and it never lasts longer
 *       than {@code baseTime} plus the limit at that rate. Both are checked after every read, so the worst case
 *       is one read timeout more.</li>
 * </ul>
 * Only {@link HttpURLConnection}, so it runs on Android as on a JVM. Stateless and thread-safe.
 */
public final class BoundedFetcher {
    private static final int BUFFER = 16 * 1024;

    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration baseTime;
    private final long minBytesPerSecond;

    public BoundedFetcher(Duration connectTimeout, Duration readTimeout, Duration baseTime, long minBytesPerSecond) {
        if (minBytesPerSecond < 1) {
            throw new IllegalArgumentException("minBytesPerSecond must be at least 1");
        }
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.baseTime = baseTime;
        this.minBytesPerSecond = minBytesPerSecond;
    }

    /** Defaults for phones on poor networks: 10 s to connect, 20 s of silence, 30 s plus 8 KiB/s. */
    public static BoundedFetcher defaults() {
        return new BoundedFetcher(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30), 8 * 1024);
    }

    /**
     * Fetches a small document of at most {@code maxBytes}; null when the server answers 404 (a document that does
     * not exist yet, such as the next root version).
     */
    public byte[] fetch(URI uri, int maxBytes, String what) throws VerificationException, IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean found = transfer(uri, maxBytes, what, out, null);
        return found ? out.toByteArray() : null;
    }

    /**
     * Fetches a content-addressed file into {@code target} (replaced atomically) only when it has exactly
     * {@code size} bytes and the SHA-256 {@code sha256Hex}; nothing is left at {@code target} otherwise.
     */
    public void fetchTo(URI uri, Path target, long size, String sha256Hex, String what)
            throws VerificationException, IOException {
        if (size < 0 || size > Limits.MAX_FILE_BYTES) {
            throw new VerificationException(Reason.TOO_LARGE, what + " is listed with " + size
                    + " bytes, more than the limit of " + Limits.MAX_FILE_BYTES);
        }
        Path tmp = Files.createTempFile(target.toAbsolutePath().getParent(), ".fetch-", ".part");
        try {
            MessageDigest md = sha256();
            boolean found;
            try (OutputStream out = Files.newOutputStream(tmp)) {
                found = transfer(uri, size, what, out, md);
            }
            if (!found) {
                throw new VerificationException(Reason.FILE_MISSING, what + " is missing at " + uri);
            }
            long got = Files.size(tmp);
            if (got != size) {
                throw new VerificationException(Reason.FILE_CHANGED,
                        what + " has " + got + " bytes where the manifest lists " + size);
            }
            String hash = Bytes.hex(md.digest());
            if (!hash.equals(sha256Hex)) {
                throw new VerificationException(Reason.FILE_CHANGED,
                        what + " has SHA-256 " + hash + " where the manifest lists " + sha256Hex);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private boolean transfer(URI uri, long max, String what, OutputStream out, MessageDigest md)
            throws VerificationException, IOException {
        long start = System.nanoTime();
        // max is at most MAX_FILE_BYTES here, so neither this product nor max + 1 below can overflow
        long deadlineNanos = baseTime.toNanos() + (max / minBytesPerSecond + 1) * 1_000_000_000L;
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        try {
            c.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
            c.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
            c.setUseCaches(false);
            c.setRequestProperty("Accept-Encoding", "identity");
            int status;
            try {
                status = c.getResponseCode();
            } catch (SocketTimeoutException e) {
                throw timeout(what, uri, "no answer within " + readTimeout.toMillis() + " ms");
            }
            if (status == HttpURLConnection.HTTP_NOT_FOUND) {
                return false;
            }
            if (status != HttpURLConnection.HTTP_OK) {
                throw new IOException(what + ": " + uri + " answered HTTP " + status);
            }
            long declared = c.getContentLengthLong();
            if (declared > max) {
                throw new VerificationException(Reason.TOO_LARGE,
                        what + " declares " + declared + " bytes, more than the limit of " + max);
            }
            long total = 0;
            byte[] buf = new byte[BUFFER];
            try (InputStream in = c.getInputStream()) {
                while (true) {
                    // ask for one byte past the limit, never more: that byte is the proof of endless data
                    int want = (int) Math.min(buf.length, max + 1 - total);
                    int n;
                    try {
                        n = in.read(buf, 0, want);
                    } catch (SocketTimeoutException e) {
                        throw timeout(what, uri, "no byte for " + readTimeout.toMillis() + " ms after " + total
                                + " bytes");
                    }
                    if (n < 0) {
                        return true;
                    }
                    total += n;
                    if (total > max) {
                        throw new VerificationException(Reason.TOO_LARGE,
                                what + " is larger than the limit of " + max + " bytes");
                    }
                    out.write(buf, 0, n);
                    if (md != null) {
                        md.update(buf, 0, n);
                    }
                    long elapsed = System.nanoTime() - start;
                    long owed = (elapsed - baseTime.toNanos()) / 1_000_000L * minBytesPerSecond / 1000L;
                    if (elapsed > deadlineNanos || total < owed) {
                        throw timeout(what, uri, "only " + total + " bytes in " + elapsed / 1_000_000 + " ms, below "
                                + minBytesPerSecond + " bytes/s after a grace of " + baseTime.toMillis() + " ms");
                    }
                }
            }
        } finally {
            c.disconnect();
        }
    }

    private static SocketTimeoutException timeout(String what, URI uri, String detail) {
        return new SocketTimeoutException(what + ": " + uri + " is too slow (" + detail + ")");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
