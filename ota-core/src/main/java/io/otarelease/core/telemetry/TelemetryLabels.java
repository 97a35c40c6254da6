package io.otarelease.core.telemetry;

import io.otarelease.core.store.Store;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Keeps the collector's label values bounded: an app, channel or version it does not know is counted as
 * {@value #OTHER}, so a buggy or hostile client cannot create series without end (docs/telemetry.md, "Label
 * budget"). Two ways to know: {@link #fromStore} (beside {@code ota serve}: the store's apps, channels and releases)
 * and {@link #capped} (standalone: configured lists, or the first values seen up to a cap).
 */
public interface TelemetryLabels {
    String OTHER = "other";
    /** The bundle in the app binary: always a known version. */
    String EMBEDDED = "embedded";

    /** The label values a batch's events are counted under. */
    record Bounded(String app, String channel, String version) {
    }

    Bounded of(String app, String channel, String version);

    /**
     * Standalone: each dimension given as a list knows exactly those values; one given as null learns the first
     * values seen, up to its cap (per app for channels and versions), and counts the rest as other.
     */
    static TelemetryLabels capped(Set<String> apps, Set<String> channels, Set<String> versions, int maxApps,
                                  int maxChannels, int maxVersions) {
        return new Capped(apps, channels, versions, maxApps, maxChannels, maxVersions);
    }

    /** Beside a store: an app is known when it has releases; its channels and releases are known as they appear. */
    static TelemetryLabels fromStore(Store store, LongSupplier nanos) {
        return new FromStore(store, nanos);
    }

    final class Capped implements TelemetryLabels {
        private final Set<String> apps;
        private final Set<String> channels;
        private final Set<String> versions;
        private final int maxApps;
        private final int maxChannels;
        private final int maxVersions;
        private final Set<String> seenApps = new HashSet<>();
        private final Map<String, Set<String>> seenChannels = new ConcurrentHashMap<>();
        private final Map<String, Set<String>> seenVersions = new ConcurrentHashMap<>();

        Capped(Set<String> apps, Set<String> channels, Set<String> versions, int maxApps, int maxChannels,
               int maxVersions) {
            this.apps = apps == null ? null : Set.copyOf(apps);
            this.channels = channels == null ? null : Set.copyOf(channels);
            this.versions = versions == null ? null : Set.copyOf(versions);
            this.maxApps = maxApps;
            this.maxChannels = maxChannels;
            this.maxVersions = maxVersions;
        }

        @Override
        public synchronized Bounded of(String app, String channel, String version) {
            String a = pick(apps, seenApps, maxApps, app);
            if (a.equals(OTHER)) {
                return new Bounded(OTHER, OTHER, version.equals(EMBEDDED) ? EMBEDDED : OTHER);
            }
            String c = pick(channels, seenChannels.computeIfAbsent(a, k -> new HashSet<>()), maxChannels, channel);
            String v = version.equals(EMBEDDED) ? EMBEDDED
                    : pick(versions, seenVersions.computeIfAbsent(a, k -> new HashSet<>()), maxVersions, version);
            return new Bounded(a, c, v);
        }

        private static String pick(Set<String> listed, Set<String> seen, int cap, String value) {
            if (listed != null) {
                return listed.contains(value) ? value : OTHER;
            }
            if (seen.contains(value) || (seen.size() < cap && seen.add(value))) {
                return value;
            }
            return OTHER;
        }
    }

    final class FromStore implements TelemetryLabels {
        /** A value the store does not know triggers a re-read of the app's listing at most this often. */
        static final long REFRESH_NANOS = 1_000_000_000L;
        /** Apps remembered, known or not: beyond this the cache starts over (a flood of made-up app ids). */
        static final int MAX_APPS = 1000;
        private final Store store;
        private final LongSupplier nanos;
        private final Map<String, Known> apps = new LinkedHashMap<>();

        private record Known(Set<String> channels, Set<String> versions, long readAt) {
        }

        FromStore(Store store, LongSupplier nanos) {
            this.store = store;
            this.nanos = nanos;
        }

        @Override
        public Bounded of(String app, String channel, String version) {
            Known k = known(app, false);
            if (k.versions().isEmpty() || !(k.channels().contains(channel)
                    && (version.equals(EMBEDDED) || k.versions().contains(version)))) {
                k = known(app, true); // something new: a release or channel made since the last read
            }
            if (k.versions().isEmpty()) {
                return new Bounded(OTHER, OTHER, version.equals(EMBEDDED) ? EMBEDDED : OTHER);
            }
            return new Bounded(app, k.channels().contains(channel) ? channel : OTHER,
                    version.equals(EMBEDDED) || k.versions().contains(version) ? version : OTHER);
        }

        private synchronized Known known(String app, boolean refresh) {
            Known k = apps.get(app);
            long now = nanos.getAsLong();
            if (k != null && (!refresh || now - k.readAt() < REFRESH_NANOS)) {
                return k;
            }
            if (k == null && apps.size() >= MAX_APPS) {
                apps.clear();
            }
            Set<String> versions = new HashSet<>();
            Set<String> channels = new HashSet<>();
            try {
                for (String key : store.list(app + "/releases/")) {
                    String[] parts = key.substring(app.length() + "/releases/".length()).split("/");
                    versions.add(parts[0]);
                }
                for (String key : store.list(app + "/channels/")) {
                    String name = key.substring(app.length() + "/channels/".length());
                    if (name.endsWith(".json") && !name.contains("/")) {
                        channels.add(name.substring(0, name.length() - ".json".length()));
                    }
                }
            } catch (RuntimeException e) {
                // the store failed: keep what was known (counts go to other until it answers), try again later
                Known kept = k != null ? new Known(k.channels(), k.versions(), now) : new Known(Set.of(), Set.of(), now);
                apps.put(app, kept);
                return kept;
            }
            Known fresh = new Known(Set.copyOf(channels), Set.copyOf(versions), now);
            apps.put(app, fresh);
            return fresh;
        }
    }
}
