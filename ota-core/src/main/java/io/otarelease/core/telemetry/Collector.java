package io.otarelease.core.telemetry;

import io.otarelease.core.serve.RateLimiter;
import io.otarelease.core.OtaException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The ingest rules of docs/telemetry.md, apart from HTTP: content type (415), body size (413), the schema (400 with
 * the field), the install's rate (429 with Retry-After), replays by batch id (200, nothing counted again); then
 * every event of the batch is counted (202). A batch is all or nothing. Thread-safe; one per collector instance.
 */
public final class Collector {
    public static final int MAX_BODY_BYTES = 256 * 1024;

    /**
     * @param perSecond  batches per second an install may send on average
     * @param burst      batches an install may send at once
     * @param dedupTtl   how long a batch id is remembered
     * @param dedupMax   how many batch ids are remembered at most
     * @param activeTtl  an install counts in {@code ota_active_version} this long after its last batch
     * @param maxInstalls installs tracked for rate limits and {@code ota_active_version}
     * @param nanos      the clock of rate limits, replay memory and activity ({@link System#nanoTime} in production)
     */
    public record Settings(double perSecond, int burst, Duration dedupTtl, int dedupMax, Duration activeTtl,
                           int maxInstalls, TelemetryLabels labels, LongSupplier nanos) {
        public Settings {
            if (!(perSecond > 0) || burst < 1) {
                throw new OtaException.BadInput("--rate must be above 0 batches per second and --burst at least 1");
            }
            if (dedupMax < 1 || maxInstalls < 1) {
                throw new OtaException.BadInput("--dedup-max and --max-installs must be at least 1");
            }
        }

        /** Production defaults: 1 batch per 10 s per install with bursts of 20, ids kept a day, installs active a day. */
        public static Settings defaults(TelemetryLabels labels) {
            return new Settings(0.1, 20, Duration.ofHours(24), 500_000, Duration.ofHours(24), 1_000_000, labels,
                    System::nanoTime);
        }

        public Settings withRate(double newPerSecond, int newBurst) {
            return new Settings(newPerSecond, newBurst, dedupTtl, dedupMax, activeTtl, maxInstalls, labels, nanos);
        }

        public Settings withClock(LongSupplier clock) {
            return new Settings(perSecond, burst, dedupTtl, dedupMax, activeTtl, maxInstalls, labels, clock);
        }

        public Settings withActiveTtl(Duration ttl) {
            return new Settings(perSecond, burst, dedupTtl, dedupMax, ttl, maxInstalls, labels, nanos);
        }
    }

    /** What the collector answers: an HTTP status, a JSON body and, for 429, the seconds to wait. */
    public record Answer(int status, String body, long retryAfter) {
        static Answer of(int status, String body) {
            return new Answer(status, body, 0);
        }
    }

    private final Settings settings;
    private final TelemetryMetrics metrics;
    private final RateLimiter limiter;
    private final BatchIds batchIds;

    public Collector(Settings settings) {
        this.settings = settings;
        this.metrics = new TelemetryMetrics(new ActiveInstalls(settings.nanos(), settings.activeTtl().toNanos(),
                settings.maxInstalls()));
        this.limiter = new RateLimiter(settings.perSecond(), settings.burst(), settings.nanos(), settings.maxInstalls());
        this.batchIds = new BatchIds(settings.nanos(), settings.dedupTtl().toNanos(), settings.dedupMax());
    }

    public TelemetryMetrics metrics() {
        return metrics;
    }

    /**
     * One {@code POST /v1/telemetry}.
     *
     * @param declaredLength the Content-Length, or -1 when the body is chunked
     */
    public Answer ingest(String contentType, long declaredLength, InputStream body) throws IOException {
        Answer a = answer(contentType, declaredLength, body);
        metrics.answered(a.status());
        return a;
    }

    private Answer answer(String contentType, long declaredLength, InputStream body) throws IOException {
        if (contentType == null || !contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals("application/json")) {
            return Answer.of(415, error("Content-Type must be application/json", "Content-Type"));
        }
        if (declaredLength > MAX_BODY_BYTES) {
            return Answer.of(413, error("body over " + MAX_BODY_BYTES + " bytes: send fewer events per batch", ""));
        }
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            return Answer.of(413, error("body over " + MAX_BODY_BYTES + " bytes: send fewer events per batch", ""));
        }
        TelemetryBatch batch;
        try {
            batch = BatchParser.parse(bytes);
        } catch (BatchParser.InvalidBatch e) {
            return Answer.of(400, error(e.getMessage(), e.field()));
        }
        long wait = limiter.acquire(batch.installId());
        if (wait > 0) {
            return new Answer(429, error("too many batches from this install: retry after " + wait + " s", "installId"), wait);
        }
        String id = batch.installId() + "/" + batch.batchId();
        if (!batchIds.add(id)) {
            return Answer.of(200, "{\"accepted\":0,\"duplicate\":true}");
        }
        try {
            metrics.record(batch, settings.labels());
        } catch (RuntimeException e) {
            batchIds.remove(id); // not counted: a retry must be
            throw e;
        }
        return Answer.of(202, "{\"accepted\":" + batch.events().size() + "}");
    }

    private static String error(String message, String field) {
        return "{\"error\":" + quote(message) + ",\"field\":" + quote(field) + "}";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
