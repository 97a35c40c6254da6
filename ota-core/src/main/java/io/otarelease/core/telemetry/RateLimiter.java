package io.otarelease.core.telemetry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per install: {@code burst} batches at once, refilled at {@code perSecond}. The clock is injected
 * (the fleet simulator's collector runs on simulated time). Buckets that refilled completely are forgotten when the
 * map grows past {@code maxInstalls}, so memory stays bounded; a forgotten install starts again with a full bucket.
 */
final class RateLimiter {
    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final double perSecond;
    private final double burst;
    private final LongSupplier nanos;
    private final int maxInstalls;

    RateLimiter(double perSecond, int burst, LongSupplier nanos, int maxInstalls) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanos = nanos;
        this.maxInstalls = maxInstalls;
    }

    /** 0 when the install may send now (a token is taken), else the whole seconds to wait (Retry-After). */
    long acquire(String installId) {
        long now = nanos.getAsLong();
        if (buckets.size() >= maxInstalls && !buckets.containsKey(installId)) {
            buckets.values().removeIf(b -> refilled(b, now) >= burst);
        }
        long[] wait = new long[1];
        buckets.compute(installId, (id, b) -> {
            Bucket bucket = b == null ? new Bucket(burst, now) : b;
            bucket.tokens = refilled(bucket, now);
            bucket.at = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
            } else {
                wait[0] = Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perSecond));
            }
            return bucket;
        });
        return wait[0];
    }

    private double refilled(Bucket b, long now) {
        return Math.min(burst, b.tokens + Math.max(0, now - b.at) / 1e9 * perSecond);
    }
}
