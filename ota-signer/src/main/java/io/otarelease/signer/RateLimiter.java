package io.otarelease.signer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client (by certificate fingerprint): {@code burst} requests at once, refilled at
 * {@code perSecond}. Only configured clients reach it, so the map is bounded by the configuration.
 */
final class RateLimiter {
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
    boolean tryAcquire(String client) {
        return buckets.computeIfAbsent(client, c -> new Bucket(burst, nanoTime.getAsLong())).take();
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
