package io.otarelease.core.telemetry;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Batch ids already counted, so a client's retry of a batch whose answer it never saw is not counted twice. Bounded:
 * an id is kept for {@code ttl} and at most {@code max} are kept (the oldest go first); a retry later than either
 * is counted again, which docs/telemetry.md says.
 */
final class BatchIds {
    private final Map<String, Long> seen = new LinkedHashMap<>(); // insertion order = expiry order
    private final LongSupplier nanos;
    private final long ttlNanos;
    private final int max;

    BatchIds(LongSupplier nanos, long ttlNanos, int max) {
        this.nanos = nanos;
        this.ttlNanos = ttlNanos;
        this.max = max;
    }

    /** Records the id; false when it was already there (a replay). */
    synchronized boolean add(String id) {
        long now = nanos.getAsLong();
        for (Iterator<Long> it = seen.values().iterator(); it.hasNext(); ) {
            if (now - it.next() <= ttlNanos && seen.size() < max) {
                break;
            }
            it.remove();
        }
        return seen.putIfAbsent(id, now) == null;
    }

    /** Forgets an id whose batch was not counted after all. */
    synchronized void remove(String id) {
        seen.remove(id);
    }

    synchronized int size() {
        return seen.size();
    }
}
