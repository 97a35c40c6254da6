package io.otarelease.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.MetricSources;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.incident.Incidents;
import io.otarelease.core.incident.Runbook;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.release.Rollback;
import io.otarelease.core.release.Stager;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.testing.JsonMetricsServer;
import io.otarelease.core.testing.ReleaseFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weekly rollup on a registry with three releases and one rollback, every number traced to a source. */
class WeeklyReportTest {
    static final String APP = ReleaseFixture.APP;
    @TempDir
    static Path dir;
    static ReleaseFixture fx;
    static FileStore production;
    static JsonMetricsServer metrics;
    static LocalDate today;

    @BeforeAll
    static void week() throws Exception {
        fx = new ReleaseFixture(dir);
        FileStore staging = new FileStore(dir.resolve("staging"));
        production = new FileStore(dir.resolve("production"));
        ReleaseContext ctx = fx.context(production);
        for (String v : List.of("3.4.0", "3.4.1", "3.4.2", "3.5.0")) {
            new Stager(staging, new StoreRegistry(staging, APP), fx.trusted, fx.clock).stage(fx.bundle(v));
        }
        new Promoter(ctx).promote(staging, "3.4.0", new Percent(100));
        fx.clock.advance(Duration.ofMinutes(10));
        new Promoter(ctx).promote(staging, "3.4.1", new Percent(100));
        fx.clock.advance(Duration.ofMinutes(10));
        new Promoter(ctx).promote(staging, "3.4.2", new Percent(5));
        fx.clock.advance(Duration.ofMinutes(5));
        new Rollback(ctx).rollback(Rollback.PREVIOUS, "crash-free 97.1% < 98%");
        new Incidents(production, APP, fx.clock).open(new Incidents.OpenRequest("production", "3.4.2",
                "Canary of 3.4.2 failed: crash-free 97.1%", "5% of devices", "canary", "canary FAIL",
                Runbook.forSeverity("SEV-1", "canary")));
        // a release staged in production's registry for next week (staged, not released)
        new StoreRegistry(production, APP).update(d -> d.put(new io.otarelease.core.registry.ReleaseEntry("3.5.0",
                "sha256:" + "0".repeat(64), io.otarelease.core.registry.ReleaseStatus.STAGED, fx.clock.instant().toString(),
                null, null, null)));
        metrics = JsonMetricsServer.start().healthy("3.4.1").set("js-error-rate", "3.4.1", 0.7);
        today = LocalDate.ofInstant(fx.clock.instant(), ZoneOffset.UTC);
    }

    @AfterAll
    static void stop() {
        metrics.close();
    }

    private WeeklyReport report(boolean withMetrics) {
        return new WeeklyReport(production, APP, new StoreRegistry(production, APP),
                withMetrics ? MetricSources.parse(metrics.spec(), Duration.ofSeconds(5)) : null, Thresholds.defaults(),
                fx.clock);
    }

    @Test
    void theRollupListsThreeReleasesOneRollbackTheIncidentAndTheHealthOfTheServedRelease() {
        Rollup r = report(true).build(today.minusDays(6), today);
        String text = r.text();
        assertThat(text).startsWith("Subject: OTA Weekly Rollup — com.example.shop — ")
                .contains("RELEASES\n", "DELIVERY HEALTH (v3.4.1)\n", "EXPERIENCE HEALTH (v3.4.1)\n", "ADOPTION\n",
                        "INCIDENTS\n", "NEXT WEEK\n")
                .containsPattern("v3\\.4\\.2 \\([A-Z][a-z]{2} [0-9]+\\) — quarantined: crash-free 97\\.1% < 98% \\[1\\]")
                .containsPattern("v3\\.4\\.1 \\([A-Z][a-z]{2} [0-9]+\\) — current \\[1\\]")
                .containsPattern("v3\\.4\\.0 \\([A-Z][a-z]{2} [0-9]+\\) — rollback-ready \\[1\\]")
                .contains("3 rollout changes, 1 rollback [2]", "3.4.2 -> 3.4.1 (crash-free 97.1% < 98%) [2]",
                        "Download success rate: 99.4% (warning below 98%) ✓ [3]",
                        "Install (apply) time (p95): 1.5 s (warning above 7 s) ✓ [4]",
                        "Crash-free sessions: 99.8% (warning below 99%) ✓ [6]",
                        "JS error rate (sessions with a new JS error): 0.7% (warning above 0.5%) ⚠ [7]",
                        "SEV-1 INC-", "(v3.4.2, open): Canary of 3.4.2 failed: crash-free 97.1% [8]",
                        "v3.5.0 staged", "n/a: adoption curves come from Prometheus range queries");
        // every [n] cited resolves to a listed source
        assertThat(r.sources()).hasSize(8);
        assertThat(r.sources().get(0)).isEqualTo(production.url() + APP + "/registry.json (revision " +
                new StoreRegistry(production, APP).read().revision() + ")");
        assertThat(r.sources().get(1)).contains("/audit/ (4 records from ");
        assertThat(r.sources().get(2)).startsWith("json:http://127.0.0.1:").contains("KPI download_success of 3.4.1, window 7d ending ");
        assertThat(text).contains("[8] " + production.url() + APP + "/incidents/ (1 opened in range)");
    }

    @Test
    void withoutAMetricSourceHealthIsNotApplicableNeverInvented() {
        String text = report(false).build(today, today).text();
        assertThat(text).contains("Crash-free sessions: n/a (no metric source given; warning below 99%)",
                "Download success rate: n/a (no metric source given; warning below 98%)")
                .doesNotContain("99.8");
    }

    @Test
    void aKpiTheSourceCannotAnswerIsNotApplicableWithTheReason() {
        String text = new WeeklyReport(production, APP, new StoreRegistry(production, APP),
                MetricSources.parse(metrics.spec(), Duration.ofSeconds(5)), Thresholds.defaults(), fx.clock)
                .build(today, today).text();
        assertThat(text).contains("Signature verification failures")
                .containsPattern("Signature[^\\n]*: 0 \\(warning above 0\\) ✓");
        metrics.set("signature-failures", "3.4.1", 0);
        JsonMetricsServer empty;
        try {
            empty = JsonMetricsServer.start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (empty) {
            String na = new WeeklyReport(production, APP, new StoreRegistry(production, APP),
                    MetricSources.parse(empty.spec(), Duration.ofSeconds(5)), Thresholds.defaults(), fx.clock)
                    .build(today, today).text();
            assertThat(na).contains("Crash-free sessions: n/a (KPI crash_free_sessions of version 3.4.1 from")
                    .contains("HTTP 404)");
        }
    }

    @Test
    void aWeekWithoutEventsSaysSoAndAnEmptyStoreIsNotApplicable() {
        assertThat(report(false).build(today.minusDays(30), today.minusDays(24)).text())
                .contains("No release this week.", "0 rollout changes, 0 rollbacks", "None this week.");
        FileStore empty = new FileStore(dir.resolve("empty"));
        assertThat(new WeeklyReport(empty, APP, new StoreRegistry(empty, APP), null, Thresholds.defaults(), fx.clock)
                .build(today, today).text()).contains("n/a: no registry at ", "Crash-free sessions: n/a");
        assertThatThrownBy(() -> report(false).build(today, today.minusDays(1)))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("is before --since");
    }

    @Test
    void theHtmlVersionEscapesEveryValue() {
        String html = report(true).build(today.minusDays(6), today).html();
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<h2>RELEASES</h2>", "<li id=\"src1\">",
                "crash-free 97.1% &lt; 98%").doesNotContain("97.1% < 98%");
    }
}
