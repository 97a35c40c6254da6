package io.otarelease.cli.demo;

import io.otarelease.cli.TrustedKeysFiles;
import io.otarelease.client.json.JsonReader;
import io.otarelease.core.canary.CanaryCheck;
import io.otarelease.core.canary.Kpi;
import io.otarelease.core.canary.MetricSource;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.canary.Verdict;
import io.otarelease.core.incident.CanaryIncidents;
import io.otarelease.core.incident.Incident;
import io.otarelease.core.incident.IncidentText;
import io.otarelease.core.incident.Incidents;
import io.otarelease.core.incident.PostRollbackChecklist;
import io.otarelease.core.incident.Postmortem;
import io.otarelease.core.io.AtomicFiles;
import io.otarelease.core.notify.Notifier;
import io.otarelease.core.notify.NotifyConfig;
import io.otarelease.core.notify.RecordingReceiver;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.report.Rollup;
import io.otarelease.core.report.WeeklyReport;
import io.otarelease.core.serve.StaticFileServer;
import io.otarelease.core.store.FileStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The incident half of {@code ota demo}, after the release demo rolled 1.1.0 back: the canary verdict that would
 * have caused it opens an incident, the three channels (a local recording webhook receiver) hear about it, the
 * post-rollback checklist fetches the pointer through a local "CDN" over the production store, and the weekly
 * rollup is built from what the demo left in the store.
 */
final class IncidentDemo {
    private static final List<String> CHANNELS = List.of("engineering", "releases", "incidents");
    private final PrintWriter out;
    private final Path dir;
    private final Clock clock = Clock.systemUTC();

    IncidentDemo(PrintWriter out, Path dir) {
        this.out = out;
        this.dir = dir;
    }

    void run(String appId) throws IOException {
        FileStore production = new FileStore(dir.resolve("stores/production"));
        MetricSource metrics = new DemoMetrics();
        try (RecordingReceiver receiver = RecordingReceiver.start()) {
            StaticFileServer cdn = StaticFileServer.serve(production.root());
            try {
                step("12. The canary verdict behind the rollback opens an incident and tells the channels");
                Notifier notifier = new Notifier(notifyConfig(receiver), Notifier.Sleeper.REAL);
                Verdict v = new CanaryCheck(metrics, Thresholds.defaults(), clock).checkAndRollBack(
                        new CanaryCheck.Request("1.1.0", "1.0.0", "1h", 500),
                        (failed, verdict) -> "production serves 1.0.0 (the rollback of step 10)");
                v.summary().forEach(l -> out.println("   " + l));
                var outcome = new CanaryIncidents(new Incidents(production, appId, clock), notifier, appId,
                        "production", clock, "demo").afterVerdict(v);
                outcome.notes().forEach(n -> out.println("   " + n));
                Incident incident = outcome.incident().orElseThrow();

                step("13. Post-rollback checklist (the pointer fetched through a local CDN and verified as a device would)");
                Incidents incidents = new Incidents(production, appId, clock);
                incident = incidents.verify(incident.id(), "demo", new PostRollbackChecklist(
                        TrustedKeysFiles.read(dir.resolve("keys/trusted-keys.json")), clock,
                        new StoreRegistry(production, appId),
                        URI.create(cdn.url()), metrics, Thresholds.defaults()));
                incident.checklist().forEach(c -> out.println("   " + c.line()));

                step("14. The incident record " + production.root().resolve(appId + "/incidents/" + incident.id() + ".json"));
                out.print(IncidentText.timeline(incident).replaceAll("(?m)^", "   "));
                Path pm = dir.resolve("postmortem-" + incident.id() + ".md");
                AtomicFiles.write(pm, Postmortem.markdown(incident).getBytes(StandardCharsets.UTF_8));
                out.println("   postmortem skeleton: " + pm);

                step("15. What each channel received (a local recording webhook receiver stands in for Slack)");
                for (String ch : CHANNELS) {
                    var got = receiver.requests("/" + ch);
                    out.println("   #ota-" + ch + " (" + got.size() + " message" + (got.size() == 1 ? "" : "s") + ")");
                    for (var r : got) {
                        out.println("     - " + title(r.body()));
                    }
                }
                var incidentsGot = receiver.requests("/incidents");
                out.println("   the last JSON the incidents webhook got: "
                        + incidentsGot.get(incidentsGot.size() - 1).bodyText());
            } finally {
                cdn.close();
            }
        }

        step("16. The weekly rollup (every line cites its source; n/a where a source is missing)");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Rollup rollup = new WeeklyReport(production, appId, new StoreRegistry(production, appId), metrics,
                Thresholds.defaults(), clock).build(today.minusDays(6), today);
        out.print(rollup.text().replaceAll("(?m)^", "   "));
        Path html = dir.resolve("weekly-rollup.html");
        AtomicFiles.write(html, rollup.html().getBytes(StandardCharsets.UTF_8));
        out.println("   HTML version: " + html);
    }

    /** Routes the rollback to incidents as well, to show that routing is configuration. */
    private NotifyConfig notifyConfig(RecordingReceiver receiver) throws IOException {
        Path d = dir.resolve("notify");
        for (String ch : CHANNELS) {
            AtomicFiles.write(d.resolve(ch + ".url"), receiver.url("/" + ch).getBytes(StandardCharsets.UTF_8), true);
        }
        Path f = d.resolve("notify.yaml");
        Files.writeString(f, """
                schema: ota-notify/1
                channels:
                  engineering: {transport: slack, urlFile: engineering.url}
                  releases: {transport: slack, urlFile: releases.url}
                  incidents: {transport: webhook, urlFile: incidents.url}
                routes:
                  rollback: [engineering, releases, incidents]
                """);
        out.println("   notification config " + f + " (URLs in files beside it, never in the config)");
        return NotifyConfig.load(f, Map.of());
    }

    private static String title(byte[] body) {
        Map<String, Object> m = JsonReader.parseObject(body);
        return m.containsKey("title") ? "[json] " + m.get("title") : "[slack] " + m.get("text");
    }

    /**
     * The demo's monitoring figures, the ones step 10 cites: 1.1.0 crashes, 1.0.0 is healthy. A real run reads
     * Prometheus or a JSON monitoring API ({@code --metrics}).
     */
    private static final class DemoMetrics implements MetricSource {
        @Override
        public double value(Kpi kpi, String version, String window, Instant at) {
            boolean bad = version.equals("1.1.0");
            return switch (kpi.name()) {
                case "sessions" -> 1200;
                case "crash_free_sessions" -> bad ? 97.2 : 99.8;
                case "js_error_rate" -> bad ? 1.1 : 0.2;
                case "load_time_p95" -> 2.1;
                case "download_success" -> 99.2;
                case "download_time_p95" -> 3.4;
                case "install_time_p95" -> 2.1;
                case "signature_failures" -> 0;
                case "api_error_rate" -> 1.0;
                case "update_check_failure_rate" -> 0.4;
                case "fcp_p95" -> 1.1;
                case "api_latency_p95" -> 0.3;
                default -> throw new io.otarelease.core.OtaException.Infrastructure("demo metrics: no " + kpi.name());
            };
        }

        @Override
        public String describe() {
            return "demo figures";
        }
    }

    private void step(String title) {
        out.println();
        out.println("==> " + title);
        out.flush();
    }
}
