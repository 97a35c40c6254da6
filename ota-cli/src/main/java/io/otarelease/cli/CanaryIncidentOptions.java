package io.otarelease.cli;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.Verdict;
import io.otarelease.core.incident.CanaryIncidents;
import io.otarelease.core.incident.Incidents;
import io.otarelease.core.notify.Notifier;
import io.otarelease.core.notify.NotifyConfig;
import io.otarelease.core.store.S3Settings;
import io.otarelease.core.store.Store;
import io.otarelease.core.store.Stores;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * What {@code ota canary} needs to open an incident on FAIL and tell the channels. The options carry an
 * {@code --incident-} prefix so they never clash with the release options of {@code --rollback-on-fail}.
 */
final class CanaryIncidentOptions {
    @Option(names = "--incident-store", paramLabel = "URL",
            description = "On FAIL, open an incident in this (production) store; needs --incident-app-id.")
    String storeUrl;

    @Option(names = "--incident-app-id", paramLabel = "ID", description = "The app the incident is about.")
    String appId;

    @Option(names = "--incident-channel", defaultValue = "production", paramLabel = "NAME",
            description = "The channel the canary ran on (default: production).")
    String channel;

    @Option(names = "--notify-config", paramLabel = "FILE",
            description = "ota-notify/1 YAML: on FAIL, tell the releases and incidents channels.")
    Path notifyConfig;

    /**
     * Opens the incident after a FAIL. A failure here is printed, not thrown: the verdict (and any rollback) already
     * happened, and the canary's exit code must still say what it found.
     */
    void afterVerdict(Verdict verdict, PrintWriter out, PrintWriter err) {
        if (storeUrl == null) {
            return;
        }
        if (appId == null) {
            throw new OtaException.BadInput("--incident-store needs --incident-app-id");
        }
        // default S3 settings (the SDK's chain): the release options of --rollback-on-fail own --s3-endpoint
        try (Store store = Stores.open(storeUrl, new S3Settings(null, null, false))) {
            Notifier notifier = notifyConfig == null ? null
                    : new Notifier(NotifyConfig.load(notifyConfig, System.getenv()), Notifier.Sleeper.REAL);
            String actor = System.getenv().getOrDefault("OTA_ACTOR", "ota canary");
            new CanaryIncidents(new Incidents(store, appId, Clock.systemUTC()), notifier, appId, channel,
                    Clock.systemUTC(), actor).afterVerdict(verdict).notes().forEach(n -> out.println("  " + n));
        } catch (OtaException e) {
            err.println("ota canary: could not record the incident: " + e.getMessage());
        }
    }
}
