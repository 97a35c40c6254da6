package io.otarelease.core.canary;

import static io.otarelease.core.testing.FleetMetricsHistory.VersionBehaviour.healthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.json.JsonReader;
import io.otarelease.core.OtaException;
import io.otarelease.core.testing.FleetMetricsHistory;
import io.otarelease.core.testing.PrometheusServer;
import io.otarelease.core.testing.RealParts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The canary against a real Prometheus holding 90 minutes of fleet history for several versions. */
class CanaryAgainstPrometheusTest {
    static final Instant END = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
    static final Clock CLOCK = Clock.fixed(END.plusSeconds(30), ZoneOffset.UTC);

    @TempDir
    static Path dir;
    static PrometheusServer prometheus;

    @BeforeAll
    static void startPrometheus() throws Exception {
        RealParts.require(PrometheusServer.available(), "prometheus and promtool (Debian package prometheus)");
        FleetMetricsHistory h = new FleetMetricsHistory()
                .version(healthy("2.0.0", 200), END, 90)
                .version(healthy("2.1.0", 200), END, 90)
                .version(healthy("2.2.0", 200).withCrashPercent(3), END, 90)
                .version(healthy("2.3.0", 2), END, 90)
                .version(healthy("2.4.0", 200).withJsErrorPercent(3), END, 90)
                .version(healthy("2.5.0", 200).withCrashPercent(1.5), END, 90)
                .version(healthy("2.6.0", 200).withSignatureFailuresPerMinute(0.05), END, 90)
                .version(healthy("2.7.0", 200).withApiErrorPercent(7), END, 90);
        prometheus = PrometheusServer.start(dir, h.openMetrics());
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    static CanaryCheck canary(Thresholds t) {
        return new CanaryCheck(new PrometheusSource(new PrometheusClient(prometheus.url(), Duration.ofSeconds(5))), t, CLOCK);
    }

    static Verdict check(String version) {
        return canary(Thresholds.defaults()).check(new CanaryCheck.Request(version, "2.0.0", "1h", 500));
    }

    @Test
    void aHealthyVersionPassesWithEveryKpiReadAndNoSeverity() {
        Verdict v = check("2.1.0");
        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.PASS);
        assertThat(v.severity()).isEqualTo(Severity.NONE);
        assertThat(v.sessions()).isBetween(11_500.0, 12_500.0);
        assertThat(v.results()).extracting(r -> r.kpi().name()).containsExactly("crash_free_sessions", "js_error_rate",
                "load_time_p95", "download_success", "download_time_p95", "install_time_p95", "signature_failures",
                "api_error_rate", "update_check_failure_rate", "fcp_p95", "api_latency_p95");
        assertThat(v.results()).allSatisfy(r -> assertThat(r.level()).isEqualTo(Kpi.Level.OK));
        // this history predates the telemetry KPIs: absent, they read 0 (documented in thresholds.yaml), never NaN
        assertThat(value(v, "update_check_failure_rate")).isZero();
        assertThat(value(v, "fcp_p95")).isZero();
        assertThat(value(v, "crash_free_sessions")).isBetween(99.79, 99.81);
        assertThat(value(v, "load_time_p95")).isBetween(1.0, 2.0);
        assertThat(value(v, "download_time_p95")).isBetween(2.0, 3.0);
        assertThat(value(v, "signature_failures")).isZero();
        assertThat(v.results().get(7).baseline()).isBetween(0.99, 1.01);
    }

    @Test
    void aThreePercentCrashRateFailsAsSev1NamingValueAndThreshold() {
        Verdict v = check("2.2.0");
        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(v.severity()).isEqualTo(Severity.SEV_1);
        assertThat(v.breaches()).singleElement().satisfies(r -> {
            assertThat(r.kpi().name()).isEqualTo("crash_free_sessions");
            assertThat(r.value()).isBetween(96.99, 97.01);
            assertThat(r.threshold()).isEqualTo(98.0);
            assertThat(r.describe()).isEqualTo("Crash-free sessions 97% < 98% (critical)");
        });
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) JsonReader.parse(v.toCanonicalJson());
        assertThat(json).containsEntry("outcome", "FAIL").containsEntry("severity", "SEV-1")
                .containsEntry("schema", "ota-canary-verdict/1").containsEntry("baselineVersion", "2.0.0");
        assertThat(json.get("breaches")).isEqualTo(List.of("Crash-free sessions 97% < 98% (critical)"));
    }

    @Test
    void tooFewSessionsIsInsufficientDataNotAPass() {
        Verdict v = check("2.3.0");
        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.INSUFFICIENT_DATA);
        assertThat(v.outcome().exitCode()).isEqualTo(4);
        assertThat(v.sessions()).isBetween(100.0, 140.0);
        assertThat(v.results()).isEmpty();
    }

    @Test
    void aVersionPrometheusHasNeverSeenIsInsufficientData() {
        assertThat(check("9.9.9").outcome()).isEqualTo(Verdict.Outcome.INSUFFICIENT_DATA);
    }

    @Test
    void jsErrorsMoreThanTwoPointsAboveBaselineAreSev2() {
        Verdict v = check("2.4.0");
        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(v.severity()).isEqualTo(Severity.SEV_2);
        assertThat(v.breaches()).extracting(r -> r.kpi().name()).containsExactly("js_error_rate");
    }

    @Test
    void aWarningPassesButIsReportedAsSev3() {
        Verdict v = check("2.5.0");
        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.PASS);
        assertThat(v.severity()).isEqualTo(Severity.SEV_3);
        assertThat(v.warnings()).singleElement().satisfies(r -> assertThat(r.describe())
                .isEqualTo("Crash-free sessions 98.5% < 99% (warning)"));
    }

    @Test
    void anySignatureFailureIsCriticalAndSev1() {
        Verdict v = check("2.6.0");
        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(v.severity()).isEqualTo(Severity.SEV_1);
        assertThat(v.breaches()).singleElement().satisfies(r -> assertThat(r.value()).isBetween(2.9, 3.1));
    }

    @Test
    void apiErrorsFarFromTheBaselineFailAndWithoutABaselineAreSkipped() {
        Verdict v = check("2.7.0");
        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(v.severity()).isEqualTo(Severity.SEV_2);
        assertThat(v.breaches()).singleElement().satisfies(r -> assertThat(r.describe())
                .isEqualTo("API error rate against the previous version 7% is 6 points from the baseline's 1%, more than 5 (critical)"));

        Verdict noBaseline = canary(Thresholds.defaults()).check(new CanaryCheck.Request("2.7.0", null, "1h", 500));
        assertThat(noBaseline.outcome()).isEqualTo(Verdict.Outcome.PASS);
        assertThat(noBaseline.results().get(7).level()).isEqualTo(Kpi.Level.SKIPPED);
    }

    @Test
    void rollbackIsCalledOnFailOnlyAndItsFailureIsRecorded() {
        List<String> calls = new java.util.ArrayList<>();
        CanaryCheck c = canary(Thresholds.defaults());
        Verdict failed = c.checkAndRollBack(new CanaryCheck.Request("2.2.0", "2.0.0", "1h", 500), (version, verdict) -> {
            calls.add(version + " " + verdict.outcome());
            return "production serves 2.0.0";
        });
        Verdict passed = c.checkAndRollBack(new CanaryCheck.Request("2.1.0", "2.0.0", "1h", 500), (version, verdict) -> {
            calls.add("should not be called for " + version);
            return "";
        });
        assertThat(calls).containsExactly("2.2.0 FAIL");
        assertThat(failed.rollback()).isEqualTo(new Verdict.RollbackOutcome(true, "production serves 2.0.0"));
        assertThat(passed.rollback()).isNull();

        Verdict broken = c.checkAndRollBack(new CanaryCheck.Request("2.2.0", "2.0.0", "1h", 500), (version, verdict) -> {
            throw new OtaException.Infrastructure("store unreachable");
        });
        assertThat(broken.rollback()).isEqualTo(new Verdict.RollbackOutcome(false, "store unreachable"));
        assertThat(broken.summary()).contains("  ROLLBACK FAILED: store unreachable");
    }

    @Test
    void aBadPromQlAnswerIsAnInfrastructureError() throws Exception {
        Path file = dir.resolve("bad-query.yaml");
        Files.writeString(file, "schema: ota-thresholds/1\nkpis:\n  crash_free_sessions:\n"
                + "    prometheus: 'sum(rate(ota_crashed_sessions_total{version=\"$version\"}[$window])'\n");
        assertThatThrownBy(() -> canary(Thresholds.load(file)).check(new CanaryCheck.Request("2.1.0", null, "1h", 500)))
                .isInstanceOf(OtaException.Infrastructure.class)
                .hasMessageContaining("bad_data").hasMessageContaining("parse error");
    }

    @Test
    void anEmptyAnswerOrNaNOrSeveralSeriesAreInfrastructureErrorsNeverAPass() throws Exception {
        Path empty = dir.resolve("empty.yaml");
        Files.writeString(empty, "schema: ota-thresholds/1\nkpis:\n  js_error_rate:\n"
                + "    prometheus: 'sum(increase(ota_no_such_metric_total{version=\"$version\"}[$window]))'\n");
        assertThatThrownBy(() -> canary(Thresholds.load(empty)).check(new CanaryCheck.Request("2.1.0", null, "1h", 500)))
                .isInstanceOf(OtaException.Infrastructure.class).hasMessageContaining("KPI js_error_rate")
                .hasMessageContaining("returned no data");
        Path nan = dir.resolve("nan.yaml");
        Files.writeString(nan, "schema: ota-thresholds/1\nkpis:\n  load_time_p95:\n"
                + "    prometheus: 'histogram_quantile(0.95, sum by (le) (rate(ota_load_duration_seconds_bucket{version=\"$version\"}[1m] offset 1d)))'\n");
        assertThatThrownBy(() -> canary(Thresholds.load(nan)).check(new CanaryCheck.Request("2.1.0", null, "1h", 500)))
                .isInstanceOf(OtaException.Infrastructure.class).hasMessageContaining("KPI load_time_p95");
        Path several = dir.resolve("several.yaml");
        Files.writeString(several, "schema: ota-thresholds/1\nkpis:\n  signature_failures:\n"
                + "    prometheus: 'increase(ota_sessions_total{version=~\"$version|2.0.0\"}[$window])'\n");
        assertThatThrownBy(() -> canary(Thresholds.load(several)).check(new CanaryCheck.Request("2.1.0", null, "1h", 500)))
                .isInstanceOf(OtaException.Infrastructure.class).hasMessageContaining("series where one value is needed");
    }

    @Test
    void anUnreachablePrometheusIsAnInfrastructureError() throws Exception {
        URI nothing = URI.create("http://127.0.0.1:" + PrometheusServer.freePort() + "/");
        CanaryCheck c = new CanaryCheck(new PrometheusSource(new PrometheusClient(nothing, Duration.ofSeconds(2))),
                Thresholds.defaults(), CLOCK);
        assertThatThrownBy(() -> c.check(new CanaryCheck.Request("2.1.0", null, "1h", 500)))
                .isInstanceOf(OtaException.Infrastructure.class).hasMessageContaining("unreachable")
                .hasMessageContaining(nothing.toString());
    }

    @Test
    void aVersionLabelCannotInjectPromQl() {
        assertThat(PrometheusSource.render("x{version=\"$version\"}[$window]", "1\"} or vector(1) #", "1h"))
                .isEqualTo("x{version=\"1\\\"} or vector(1) #\"}[1h]");
        assertThatThrownBy(() -> new CanaryCheck.Request("1\"} or vector(1)", null, "1h", 1))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("VERSION must be a release version");
    }

    private static double value(Verdict v, String kpi) {
        return v.results().stream().filter(r -> r.kpi().name().equals(kpi)).findFirst().orElseThrow().value();
    }
}
