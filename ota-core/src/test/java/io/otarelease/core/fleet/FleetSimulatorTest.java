package io.otarelease.core.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.canary.CanaryMetrics;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.release.Rollback;
import io.otarelease.core.release.Stager;
import io.otarelease.core.serve.StoreServer;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.testing.Processes;
import io.otarelease.core.testing.RealParts;
import io.otarelease.core.telemetry.TelemetryMetrics;
import io.otarelease.core.testing.ReleaseFixture;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet of simulated devices (the real ota-client) against {@code ota serve}, releases moved by the real engine. The
 * fleet runs in simulated time, advanced by the test, so every count below is the same on a busy machine.
 */
class FleetSimulatorTest {
    @TempDir
    Path dir;
    ReleaseFixture fx;
    FileStore staging;
    ReleaseContext ctx;
    StoreServer server;
    FleetSimulator fleet;

    @BeforeEach
    void serve() {
        fx = new ReleaseFixture(dir);
        staging = new FileStore(dir.resolve("staging"));
        FileStore production = new FileStore(dir.resolve("production"));
        ctx = fx.context(production);
        stageAndPromote("1.0.0", 100);
        server = StoreServer.start(production, InetAddress.getLoopbackAddress(), 0, 1, 4);
    }

    void stageAndPromote(String version, int percent) {
        new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock)
                .stage(fx.bundle(version, ReleaseFixture.files(6, version, 2)));
        new Promoter(ctx).promote(staging, version, new Percent(percent));
    }

    @AfterEach
    void stop() {
        if (fleet != null) {
            fleet.close();
        }
        server.close();
    }

    FleetSimulator fleet(int devices, Behaviour b) {
        fleet = new FleetSimulator(FleetSimulator.Settings.of(server.url(), ReleaseFixture.APP, fx.trusted, devices)
                .withIntervals(Duration.ofSeconds(3), Duration.ofSeconds(2)).withBehaviour(b));
        return fleet;
    }

    /** Advances until {@code condition} holds; the ceiling is simulated time, so a slow machine only takes longer. */
    static Duration await(FleetSimulator f, BooleanSupplier condition, String what) throws InterruptedException {
        return f.advanceUntil(condition, Duration.ofMillis(500), Duration.ofMinutes(2), what);
    }

    @Test
    void theFleetAdoptsACanaryAtItsPercentAndReturnsAfterARollback() throws Exception {
        FleetSimulator f = fleet(200, Behaviour.healthy());
        assertThat(f.activeVersions()).as("nothing runs before the fleet is advanced").containsOnlyKeys("built-in");
        assertThat(await(f, () -> f.share("1.0.0") >= 0.99, "1.0.0 everywhere"))
                .as("every device polls within 3.3 s and launches the update within 2.2 s").isLessThan(Duration.ofSeconds(6));
        stageAndPromote("1.1.0", 30);
        f.advance(Duration.ofSeconds(30)); // every device has polled and had sessions several times since the promotion
        assertThat(f.share("1.1.0")).isBetween(0.2, 0.4); // the devices outside the 30% keep 1.0.0
        new Rollback(ctx).rollback(Rollback.PREVIOUS, "test");
        assertThat(await(f, () -> f.share("1.0.0") >= 0.99, "back on 1.0.0")).isLessThanOrEqualTo(Duration.ofSeconds(6));
        assertThat(f.stats().errors()).isZero();
        assertThat(f.stats().reverts()).isZero();
        assertThat(f.metrics().total(CanaryMetrics.SESSIONS, "1.1.0")).isPositive();
    }

    @Test
    void aVersionThatFailsToStartIsRevertedByReadinessAndBlocked() throws Exception {
        FleetSimulator f = fleet(100, Behaviour.healthy().withStartFailureRate("1.1.0", 1.0));
        await(f, () -> f.share("1.0.0") >= 0.99, "1.0.0 everywhere");
        stageAndPromote("1.1.0", 100);
        await(f, () -> f.stats().reverts() >= 100, "every device to revert 1.1.0");
        f.advance(Duration.ofSeconds(30)); // ten more polls each: the reverted version is never tried again
        assertThat(f.activeVersions()).containsOnlyKeys("1.0.0");
        assertThat(f.stats().reverts()).isEqualTo(100); // blocked by bundleHash: never tried twice
        stageAndPromote("1.1.1", 100); // a fix under a new version (different content) still installs
        await(f, () -> f.share("1.1.1") >= 0.99, "the fix everywhere");
    }

    @Test
    void devicesReportThroughTheCollectorWhoseMetricsCarryExactlyTheCanaryNamesAndPassPromtool() throws Exception {
        FleetSimulator f = fleet(50, Behaviour.healthy().withCrashRate("1.0.0", 0.5));
        await(f, () -> f.metrics().total(CanaryMetrics.SESSIONS, "1.0.0") >= 200, "200 sessions");
        URI metrics = f.collector().url().resolve("metrics");
        HttpResponse<String> first = get(metrics);
        String v100 = "app=\"" + ReleaseFixture.APP + "\",channel=\"production\",";
        // a label set's first exposition is all zeros, so that Prometheus' increase() counts from the true start
        assertThat(value(first.body(), "ota_sessions_total{" + v100 + "version=\"1.0.0\"}")).isZero();
        // ... and that exposition does not claim to be complete for the simulated time the fleet has run
        assertThat(value(first.body(), TelemetryMetrics.SIMULATED_SECONDS)).isZero();
        HttpResponse<String> r = get(metrics);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(c -> assertThat(c).startsWith("text/plain"));
        String text = r.body();
        List<String> types = text.lines().filter(l -> l.startsWith("# TYPE ")).map(l -> l.split(" ")[2]).toList();
        List<String> expected = new java.util.ArrayList<>(CanaryMetrics.ALL);
        expected.add(TelemetryMetrics.SIMULATED_SECONDS);
        expected.add(TelemetryMetrics.BATCHES);
        assertThat(types).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(value(text, TelemetryMetrics.SIMULATED_SECONDS)).isEqualTo(f.now().toMillis() / 1e3).isPositive();
        assertThat(text).contains("ota_download_total{" + v100 + "status=\"success\",version=\"1.0.0\"}")
                .contains("ota_load_duration_seconds_bucket{" + v100 + "version=\"1.0.0\",le=\"+Inf\"}")
                .contains("ota_first_contentful_paint_seconds_bucket{" + v100 + "version=\"1.0.0\",le=\"+Inf\"}")
                .contains("ota_api_duration_seconds_bucket{" + v100 + "version=\"1.0.0\",le=\"0.025\"}")
                .contains("ota_update_checks_total{" + v100 + "status=\"none\",version=\"1.0.0\"}")
                .contains("ota_active_version{" + v100 + "version=\"1.0.0\"} 50")
                .contains("ota_telemetry_batches_total{status=\"202\"}")
                .doesNotContain("status=\"400\"").doesNotContain("status=\"429\"")
                .contains("version=\"embedded\"").doesNotContain("built-in");
        double sessions = value(text, "ota_sessions_total{" + v100 + "version=\"1.0.0\"}");
        double crashed = value(text, "ota_crashed_sessions_total{" + v100 + "version=\"1.0.0\"}");
        assertThat(crashed / sessions).isBetween(0.35, 0.65);
        assertThat(f.stats().errors()).as(String.valueOf(f.stats().lastProblem())).isZero();
        assertThat(get(URI.create(metrics + "x")).statusCode()).isEqualTo(404);
        if (RealParts.onPath("promtool")) {
            Path file = Files.writeString(dir.resolve("metrics.txt"), text);
            var check = Processes.run(List.of("sh", "-c", "promtool check metrics < " + file));
            assertThat(check.exitCode()).as(check.output()).isZero();
        }
    }

    static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void badSettingsAreRefusedWithTheOptionName() {
        assertThatThrownBy(() -> FleetSimulator.Settings.of(server.url(), ReleaseFixture.APP, fx.trusted, 0))
                .hasMessageContaining("--devices");
        assertThatThrownBy(() -> Behaviour.parseRate("1.2.0", "--crash-rate")).hasMessageContaining("VERSION=RATE");
        assertThatThrownBy(() -> Behaviour.parseRate("1.2.0=150%", "--crash-rate")).hasMessageContaining("between 0 and 1");
        assertThat(Behaviour.parseRate("1.2.0=3%", "--crash-rate").getValue()).isEqualTo(0.03);
        assertThat(Behaviour.parseRate("1.2.0=0.03", "--crash-rate").getValue()).isEqualTo(0.03);
    }

    static double value(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
                .findFirst().orElseThrow(() -> new AssertionError(series + " not in\n" + text));
    }
}
