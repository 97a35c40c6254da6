package io.otarelease.cli;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.Verdict;
import io.otarelease.core.incident.CanaryIncidents;
import io.otarelease.core.incident.Incidents;
import io.otarelease.core.notify.Notifier;
import io.otarelease.core.notify.NotifyConfig;
import io.otarelease.core.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * What {@code ota canary} needs, beyond the production store, app and channel it shares with
 * {@code --rollback-on-fail}, to open an incident on FAIL and tell the channels.
 */
final class CanaryIncidentOptions {
    @Option(names = "--notify-config", paramLabel = "FILE",
            description = "ota-notify/1 YAML: on FAIL, tell the releases and incidents channels.")
    Path notifyConfig;

    /**
     * Opens the incident after a FAIL, in the production store ({@code --store}) when one is given. A failure here
     * is printed, not thrown: the verdict (and any rollback) already happened, and the canary's exit code must still
     * say what it found.
     */
    void afterVerdict(Verdict verdict, RollbackTargetOptions target, PrintWriter out, PrintWriter err) {
        if (target.storeUrl == null) {
            return;
        }
        try (Store store = target.storeOptions.open(target.storeUrl)) {
            Notifier notifier = notifyConfig == null ? null
                    : new Notifier(NotifyConfig.load(notifyConfig, System.getenv()), Notifier.Sleeper.REAL);
            String actor = target.actor != null ? target.actor
                    : System.getenv().getOrDefault("OTA_ACTOR", "ota canary");
            new CanaryIncidents(new Incidents(store, target.appId, Clock.systemUTC()), notifier, target.appId,
                    target.channel, Clock.systemUTC(), actor).afterVerdict(verdict).notes()
                    .forEach(n -> out.println("  " + n));
        } catch (OtaException e) {
            err.println("ota canary: could not record the incident: " + e.getMessage());
        }
    }
}
