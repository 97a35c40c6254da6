package io.otarelease.cli;

import static io.otarelease.core.testing.FleetMetricsHistory.VersionBehaviour.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonReader;
import io.otarelease.core.testing.FleetMetricsHistory;
import io.otarelease.core.testing.PrometheusServer;
import io.otarelease.core.testing.RealParts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ota canary} exit codes and verdict files against a real Prometheus holding the last 90 minutes. */
class CanaryCommandTest {
    @TempDir
    static Path dir;
    static PrometheusServer prometheus;
    static String metrics;

    @BeforeAll
    static void start() throws Exception {
        RealParts.require(PrometheusServer.available(), "prometheus and promtool (Debian package prometheus)");
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
        prometheus = PrometheusServer.start(dir, new FleetMetricsHistory()
                .version(healthy("3.4.0", 200), end, 90)
                .version(healthy("3.4.1", 200), end, 90)
                .version(healthy("3.4.2", 200).withCrashPercent(3), end, 90)
                .version(healthy("3.4.3", 3), end, 90)
                .openMetrics());
        metrics = "prometheus:" + prometheus.url();
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void aHealthyVersionExitsZeroAndWritesACanonicalVerdict() throws Exception {
        Path verdict = dir.resolve("pass.json");
        CliRun run = CliRun.of("canary", "3.4.1", "--metrics", metrics, "--baseline-version", "3.4.0", "--verdict-file",
                verdict.toString());
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).startsWith("canary 3.4.1: PASS").contains("ok    Crash-free sessions 99.8%");
        byte[] bytes = Files.readAllBytes(verdict);
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) JsonReader.parse(bytes);
        assertThat(CanonicalJson.bytes(doc)).isEqualTo(bytes);
        assertThat(doc).containsEntry("outcome", "PASS").containsEntry("severity", "none")
                .containsEntry("version", "3.4.1").containsEntry("window", "1h").containsEntry("minSessions", 500L);
    }

    @Test
    void aThreePercentCrashRateExitsOneWithSev1AndTheBreach() throws Exception {
        Path verdict = dir.resolve("fail.json");
        CliRun run = CliRun.of("canary", "3.4.2", "--metrics", metrics, "--verdict-file", verdict.toString());
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).startsWith("canary 3.4.2: FAIL (SEV-1)")
                .contains("FAIL  Crash-free sessions 97% < 98% (critical)");
        String json = Files.readString(verdict, StandardCharsets.UTF_8);
        assertThat(json).contains("\"outcome\":\"FAIL\"", "\"severity\":\"SEV-1\"", "\"threshold\":\"98\"", "\"value\":\"97\"");
    }

    @Test
    void tooFewSessionsExitsFour() {
        CliRun run = CliRun.of("canary", "3.4.3", "--metrics", metrics);
        assertThat(run.exitCode()).as(run.all()).isEqualTo(4);
        assertThat(run.out()).contains("INSUFFICIENT_DATA").contains("fewer than 500 sessions");
        assertThat(CliRun.of("canary", "3.4.3", "--metrics", metrics, "--min-sessions", "100").exitCode()).isZero();
    }

    @Test
    void aBadQueryExitsThreeAndLeavesNoStaleVerdict() throws Exception {
        Path verdict = Files.writeString(dir.resolve("stale.json"), "{\"outcome\":\"PASS\"}");
        Path thresholds = Files.writeString(dir.resolve("bad.yaml"),
                "schema: ota-thresholds/1\nkpis:\n  js_error_rate:\n    prometheus: 'rate(ota_sessions_total{version=\"$version\"}[$window]'\n");
        CliRun run = CliRun.of("canary", "3.4.1", "--metrics", metrics, "--thresholds", thresholds.toString(),
                "--verdict-file", verdict.toString());
        assertThat(run.exitCode()).as(run.all()).isEqualTo(3);
        assertThat(run.err()).contains("KPI js_error_rate").contains("bad_data").doesNotContain("\tat ");
        assertThat(verdict).doesNotExist();
    }

    @Test
    void anUnreachablePrometheusExitsThree() throws Exception {
        CliRun run = CliRun.of("canary", "3.4.1", "--metrics", "prometheus:http://127.0.0.1:" + PrometheusServer.freePort(),
                "--timeout", "2");
        assertThat(run.exitCode()).as(run.all()).isEqualTo(3);
        assertThat(run.err()).contains("unreachable");
    }

    @Test
    void badOptionsExitTwoBeforeAnyQuery() throws Exception {
        assertThat(CliRun.of("canary", "3.4.1", "--metrics", "graphite:http://x").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("canary", "3.4.1", "--metrics", metrics, "--window", "an hour").err())
                .contains("--window must be a duration");
        assertThat(CliRun.of("canary", "3.4.1", "--metrics", metrics, "--baseline-version", "3.4.1").exitCode()).isEqualTo(2);
        // refused before any query: an unreachable Prometheus would otherwise give 3
        CliRun rollback = CliRun.of("canary", "3.4.2", "--metrics", "prometheus:http://127.0.0.1:"
                + PrometheusServer.freePort(), "--rollback-on-fail");
        assertThat(rollback.exitCode()).isEqualTo(2);
        assertThat(rollback.err()).contains("--rollback-on-fail needs --store --app-id --trusted-keys --signer");
        CliRun secret = CliRun.of("canary", "3.4.1", "--metrics", "prometheus:ftp://ops:hunter2@host/");
        assertThat(secret.exitCode()).isEqualTo(2);
        assertThat(secret.all()).doesNotContain("hunter2");
    }

    @Test
    void adoptionNeedsPrometheus() {
        CliRun run = CliRun.of("report", "adoption", "3.4.1", "--metrics", "json:http://127.0.0.1:1/");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("range queries need Prometheus");
    }
}
