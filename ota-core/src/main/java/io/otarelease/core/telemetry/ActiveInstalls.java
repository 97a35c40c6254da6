package io.otarelease.core.telemetry;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Which version each install last ran, for {@code ota_active_version}: installs heard from within {@code ttl} of the
 * collector's clock, each counted under the version of its latest session, ready, update check or API event. The
 * install id is only a key here, never a label. Bounded: at {@code max} installs, expired ones are dropped first and
 * new ones beyond it are not tracked (they still count in every other metric).
 */
final class ActiveInstalls {
    private record Last(TelemetryLabels.Bounded labels, Instant at, long seenNanos) {
    }

    private final Map<String, Last> installs = new ConcurrentHashMap<>();
    private final LongSupplier nanos;
    private final long ttlNanos;
    private final int max;

    ActiveInstalls(LongSupplier nanos, long ttlNanos, int max) {
        this.nanos = nanos;
        this.ttlNanos = ttlNanos;
        this.max = max;
    }

    void saw(String installId, TelemetryLabels.Bounded labels, Instant at) {
        long now = nanos.getAsLong();
        if (installs.size() >= max && !installs.containsKey(installId)) {
            expire(now);
            if (installs.size() >= max) {
                return;
            }
        }
        // batches may arrive out of order (a retry): the latest event wins, not the latest batch
        installs.merge(installId, new Last(labels, at, now),
                (old, neu) -> neu.at().isBefore(old.at()) ? new Last(old.labels(), old.at(), now) : neu);
    }

    /** Installs per label set, dropping those not heard from within the ttl. */
    Map<TelemetryLabels.Bounded, Integer> counts() {
        long now = nanos.getAsLong();
        expire(now);
        Map<TelemetryLabels.Bounded, Integer> m = new TreeMap<>(java.util.Comparator.comparing(TelemetryLabels.Bounded::toString));
        installs.values().forEach(l -> m.merge(l.labels(), 1, Integer::sum));
        return m;
    }

    private void expire(long now) {
        installs.values().removeIf(l -> now - l.seenNanos() > ttlNanos);
    }
}
