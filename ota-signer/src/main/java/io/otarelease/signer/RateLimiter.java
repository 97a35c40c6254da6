package io.otarelease.signer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a client certificate's fingerprint, a peer address): {@code burst} at once, refilled at
 * {@code perSecond}. Hostile peers choose their keys (any certificate of the client CA, revoked or not; any
 * address they hold), so buckets that have refilled are dropped once there are many.
 */
final class RateLimiter {
    private static final int MAX_BUCKETS = 10_000;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(int perSecond, int burst, LongSupplier nanoTime) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** True when the client may go ahead now. */
    boolean tryAcquire(String key) {
        if (buckets.size() > MAX_BUCKETS) {
            // a full bucket holds no history, so dropping it changes nothing for its key
            buckets.values().removeIf(Bucket::isFull);
        }
        return buckets.computeIfAbsent(key, c -> new Bucket(burst, nanoTime.getAsLong())).take();
    }

    /** Whole seconds until one request is allowed again, for Retry-After. */
    int retryAfterSeconds() {
        return (int) Math.max(1, Math.ceil(1 / perSecond));
    }

    private final class Bucket {
        private double tokens;
        private long last;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        synchronized boolean isFull() {
            return tokens + (nanoTime.getAsLong() - last) / 1e9 * perSecond >= burst;
        }

        synchronized boolean take() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
