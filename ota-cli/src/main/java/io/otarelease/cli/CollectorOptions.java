package io.otarelease.cli;

import io.otarelease.core.Durations;
import io.otarelease.core.OtaException;
import io.otarelease.core.telemetry.Collector;
import io.otarelease.core.telemetry.TelemetryLabels;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** The telemetry collector's limits, shared by {@code ota collector} and {@code ota serve --collector}. */
final class CollectorOptions {
    @Option(names = "--rate", defaultValue = "0.1", paramLabel = "PER_SECOND",
            description = "Batches per second one install may send on average (default ${DEFAULT-VALUE}: one per "
                + "10 s); beyond it the answer is 429 with Retry-After and the app keeps the batch.")
    double rate;

    @Option(names = "--burst", defaultValue = "20", paramLabel = "N",
            description = "Batches one install may send at once (default ${DEFAULT-VALUE}).")
    int burst;

    @Option(names = "--dedup-ttl", defaultValue = "24h", paramLabel = "DURATION",
            description = "How long a batch id is remembered, so a retry is not counted twice (default ${DEFAULT-VALUE}).")
    String dedupTtl;

    @Option(names = "--dedup-max", defaultValue = "500000", paramLabel = "N",
            description = "Batch ids remembered at most, oldest forgotten first (default ${DEFAULT-VALUE}, ~100 MB).")
    int dedupMax;

    @Option(names = "--active-ttl", defaultValue = "24h", paramLabel = "DURATION",
            description = "An install counts in ota_active_version this long after its last batch (default ${DEFAULT-VALUE}).")
    String activeTtl;

    @Option(names = "--max-installs", defaultValue = "1000000", paramLabel = "N",
            description = "Installs tracked for rate limits and ota_active_version (default ${DEFAULT-VALUE}).")
    int maxInstalls;

    @Option(names = "--known-app", paramLabel = "ID",
            description = "An app to count by name; repeatable. Without a store or this list, the first --max-apps seen.")
    List<String> apps;

    @Option(names = "--known-channel", paramLabel = "NAME", description = "A channel to count by name; repeatable.")
    List<String> channels;

    @Option(names = "--known-version", paramLabel = "V", description = "A bundle version to count by name; repeatable.")
    List<String> versions;

    @Option(names = "--max-apps", defaultValue = "20", paramLabel = "N",
            description = "Without --known-app: apps counted by name, the rest as 'other' (default ${DEFAULT-VALUE}).")
    int maxApps;

    @Option(names = "--max-channels", defaultValue = "10", paramLabel = "N",
            description = "Without --known-channel: channels per app counted by name (default ${DEFAULT-VALUE}).")
    int maxChannels;

    @Option(names = "--max-versions", defaultValue = "50", paramLabel = "N",
            description = "Without --known-version: versions per app counted by name (default ${DEFAULT-VALUE}).")
    int maxVersions;

    /** Labels known from lists or caps (a collector without a store). */
    TelemetryLabels standaloneLabels() {
        if (maxApps < 1 || maxChannels < 1 || maxVersions < 1) {
            throw new OtaException.BadInput("--max-apps, --max-channels and --max-versions must be at least 1");
        }
        return TelemetryLabels.capped(set(apps), set(channels), set(versions), maxApps, maxChannels, maxVersions);
    }

    /** Refuses --known-* beside a store, whose releases and channels decide. */
    void checkNoLists(String why) {
        if (apps != null || channels != null || versions != null) {
            throw new OtaException.BadInput("--known-app, --known-channel and --known-version do not apply " + why
                    + ": the store's apps, channels and releases are the known labels");
        }
    }

    Collector.Settings settings(TelemetryLabels labels) {
        return new Collector.Settings(rate, burst, Durations.positive(dedupTtl, "--dedup-ttl"), dedupMax,
                Durations.positive(activeTtl, "--active-ttl"), maxInstalls, labels, System::nanoTime);
    }

    private static Set<String> set(List<String> list) {
        return list == null ? null : new LinkedHashSet<>(list);
    }
}
