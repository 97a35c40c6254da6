package io.otarelease.cordova;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.cordova.LOG;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * Sends closed batches oldest first, as {@code docs/telemetry.md} says: 202 or 200 and the batch is gone; 429
 * waits for Retry-After; 5xx or no answer backs off exponentially (with jitter, so a fleet does not come back at
 * once); any other 4xx drops the batch, since sending it again cannot help. The back-off is kept on disk, so
 * restarting the app does not hammer a collector in trouble.
 */
final class TelemetrySender {
    private static final String TAG = "OtaTelemetry";
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);
    static final Duration MAX_BACKOFF = Duration.ofHours(1);
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);
    /** Batches sent per flush: a long-offline device catches up over a few flushes, not in one burst. */
    private static final int MAX_PER_FLUSH = 10;

    private final URI url;
    private final TelemetryQueue queue;
    private final Clock clock;
    private final Path backoffFile;
    private int failures;
    private Instant notBefore = Instant.EPOCH;

    TelemetrySender(URI url, TelemetryQueue queue, Clock clock) throws IOException {
        this.url = url;
        this.queue = queue;
        this.clock = clock;
        this.backoffFile = queue.dir().resolve("backoff.json");
        JSONObject b = TelemetryQueue.readJson(backoffFile);
        if (b != null) {
            failures = b.optInt("failures", 0);
            notBefore = Instant.ofEpochMilli(b.optLong("notBefore", 0));
        }
    }

    /** When the next attempt may be made (the past when now). */
    synchronized Instant notBefore() {
        return notBefore;
    }

    /** Sends what is queued, unless backing off; returns how many batches the collector answered for good. */
    synchronized int flush() {
        int done = 0;
        try {
            for (int i = 0; i < MAX_PER_FLUSH && !clock.instant().isBefore(notBefore); i++) {
                TelemetryQueue.Batch b = queue.oldest();
                if (b == null) {
                    break;
                }
                if (!sendOne(b)) {
                    break;
                }
                done++;
            }
        } catch (IOException e) {
            LOG.e(TAG, "telemetry queue: " + e.getMessage());
        }
        return done;
    }

    /** One attempt; true when the batch is gone from the queue (accepted, duplicate or refused for good). */
    private boolean sendOne(TelemetryQueue.Batch b) throws IOException {
        byte[] body;
        try {
            body = TelemetryQueue.bytes(new JSONObject(b.body.toString())
                    .put("sentAt", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString()));
        } catch (JSONException e) {
            queue.remove(b);
            return true;
        }
        int status;
        String retryAfter;
        String answer;
        try {
            HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
            try {
                c.setConnectTimeout(15_000);
                c.setReadTimeout(30_000);
                c.setInstanceFollowRedirects(false);
                c.setDoOutput(true);
                c.setRequestMethod("POST");
                c.setRequestProperty("Content-Type", "application/json");
                c.setFixedLengthStreamingMode(body.length);
                try (OutputStream out = c.getOutputStream()) {
                    out.write(body);
                }
                status = c.getResponseCode();
                retryAfter = c.getHeaderField("Retry-After");
                answer = readSome(status >= 400 ? c.getErrorStream() : c.getInputStream());
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            backOff(null, "no answer from " + url + ": " + e.getMessage());
            return false;
        }
        if (status == 202 || status == 200) {
            queue.remove(b);
            saveBackoff(0, Instant.EPOCH);
            return true;
        }
        if (status == 429 || status >= 500) {
            backOff(status == 429 ? retryAfter : null, url + " answered " + status);
            return false;
        }
        // 400, 413, 415 and any other answer: the collector will never take this batch
        LOG.e(TAG, "telemetry batch " + b.batchId() + " dropped: " + url + " answered " + status + " " + answer);
        queue.remove(b);
        return true;
    }

    private void backOff(String retryAfter, String why) throws IOException {
        Instant now = clock.instant();
        Duration wait = retryAfter(retryAfter, now);
        int n = failures + 1;
        if (wait == null) {
            long base = FIRST_BACKOFF.getSeconds() << Math.min(n - 1, 20);
            long capped = Math.min(base, MAX_BACKOFF.getSeconds());
            // half to all of the step: devices that failed together do not retry together
            wait = Duration.ofMillis(ThreadLocalRandom.current().nextLong(capped * 500, capped * 1000 + 1));
        }
        LOG.w(TAG, "telemetry: " + why + "; next attempt in " + wait.getSeconds() + " s");
        saveBackoff(n, now.plus(wait));
    }

    /** Retry-After as seconds or an HTTP date, bounded; null when absent or unreadable. */
    static Duration retryAfter(String value, Instant now) {
        if (value == null || value.trim().isEmpty()) {
            return null;
        }
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            try {
                d = Duration.between(now, ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant());
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
        if (d.isNegative()) {
            return Duration.ZERO;
        }
        return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
    }

    private void saveBackoff(int failures, Instant notBefore) throws IOException {
        this.failures = failures;
        this.notBefore = notBefore;
        try {
            TelemetryQueue.writeAtomically(backoffFile, TelemetryQueue.bytes(new JSONObject()
                    .put("failures", failures).put("notBefore", notBefore.toEpochMilli())));
        } catch (JSONException e) {
            throw new IOException(e);
        }
    }

    private static String readSome(InputStream in) {
        if (in == null) {
            return "";
        }
        try (InputStream i = in) {
            byte[] b = new byte[512];
            int n = i.read(b);
            return n <= 0 ? "" : new String(b, 0, n, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
