package io.otarelease.core.serve;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (an install id for the telemetry collector; a client certificate or a peer address for the
 * signing server): {@code burst} at once, refilled at {@code perSecond}. The clock is injected (the fleet simulator's
 * collector runs on simulated time). Hostile peers choose their keys, so once {@code maxKeys} are held the buckets
 * that refilled completely are dropped: a full bucket holds no history, and a dropped key starts again full.
 */
public final class RateLimiter {
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
    private final int maxKeys;

    public RateLimiter(double perSecond, int burst, LongSupplier nanos, int maxKeys) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanos = nanos;
        this.maxKeys = maxKeys;
    }

    /** 0 when {@code key} may go ahead now (a token is taken), else the whole seconds to wait (Retry-After). */
    public long acquire(String key) {
        long now = nanos.getAsLong();
        if (buckets.size() >= maxKeys && !buckets.containsKey(key)) {
            buckets.values().removeIf(b -> refilled(b, now) >= burst);
        }
        long[] wait = new long[1];
        buckets.compute(key, (k, b) -> {
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
