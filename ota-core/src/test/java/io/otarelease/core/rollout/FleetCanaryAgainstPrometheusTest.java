package io.otarelease.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.CanaryCheck;
import io.otarelease.core.canary.CanaryMetrics;
import io.otarelease.core.canary.PrometheusClient;
import io.otarelease.core.canary.PrometheusSource;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.canary.Verdict;
import io.otarelease.core.fleet.Behaviour;
import io.otarelease.core.fleet.FleetSimulator;
import io.otarelease.core.fleet.LocalPrometheus;
import io.otarelease.core.registry.ReleaseStatus;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.release.Stager;
import io.otarelease.core.serve.StoreServer;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.testing.PrometheusServer;
import io.otarelease.core.testing.RealParts;
import io.otarelease.core.testing.ReleaseFixture;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end test: simulated devices (the real ota-client) updating from {@code ota serve} report
 * {@code ota-telemetry/1} batches over HTTP to the collector, which a real Prometheus (Debian) scrapes; phased rollouts are driven by the real engine and judged by the real canary.
 * A healthy version passes every step; a version whose sessions crash 3% of the time FAILs at its first step, is
 * rolled back, and the fleet converges to the previous version. The fleet runs in simulated time: each wait of the
 * rollout advances it by that much, then waits until Prometheus has scraped the step's counts, so the sessions behind
 * every verdict are the same however busy the machine is.
 */
class FleetCanaryAgainstPrometheusTest {
    static final int DEVICES = 400;
    /** Bounds only a Prometheus that stopped scraping (it scrapes every second); no amount of work is timed. */
    static final Duration SCRAPE_CEILING = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aHealthyVersionRollsOutAndAThreePercentCrashVersionIsRolledBackAndTheFleetReturns() throws Exception {
        RealParts.require(PrometheusServer.available(), "prometheus (Debian package prometheus)");
        ReleaseFixture fx = new ReleaseFixture(dir);
        FileStore staging = new FileStore(dir.resolve("staging"));
        FileStore production = new FileStore(dir.resolve("production"));
        ReleaseContext ctx = fx.context(production);
        for (String v : List.of("1.0.0", "1.1.0", "1.2.0")) {
            new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock)
                    .stage(fx.bundle(v, ReleaseFixture.files(8, v, 3)));
        }
        new Promoter(ctx).promote(staging, "1.0.0", new Percent(100));
        Behaviour behaviour = Behaviour.healthy().withCrashRate("1.2.0", 0.03);
        List<String> timeline = new ArrayList<>();
        try (StoreServer cdn = StoreServer.start(production, InetAddress.getLoopbackAddress(), 0, 1, 8);
             FleetSimulator fleet = new FleetSimulator(FleetSimulator.Settings.of(cdn.url(), ReleaseFixture.APP,
                     fx.trusted, DEVICES).withIntervals(Duration.ofSeconds(5), Duration.ofSeconds(2))
                     .withBehaviour(behaviour));
             LocalPrometheus prometheus = LocalPrometheus.start(Path.of("/usr/bin/prometheus").toFile().canExecute()
                     ? Path.of("/usr/bin/prometheus") : LocalPrometheus.find(System.getenv()), dir.resolve("prometheus"),
                     "127.0.0.1:" + fleet.collector().port(), Duration.ofSeconds(1))) {
            converge(fleet, "1.0.0", 0.99);

            CanaryCheck canary = new CanaryCheck(new PrometheusSource(new PrometheusClient(prometheus.url(),
                    Duration.ofSeconds(5))), Thresholds.defaults(), Clock.systemUTC());
            RolloutRunner runner = new RolloutRunner(
                    (v, p) -> "promoted " + v + " to " + p + "% (sequence " + new Promoter(ctx).promote(staging, v, p)
                            .sequence() + ")",
                    canary, new ChannelRollback(ctx), d -> prometheus.awaitScrape(fleet.advance(d), SCRAPE_CEILING),
                    line -> timeline.add(String.format("t+%4.1fs %s", fleet.now().toMillis() / 1e3, line)));
            // 30 simulated seconds at 50%: about 200 devices × 12 sessions of the new version, well above 500
            RolloutPlan plan = new RolloutPlan(List.of(new Percent(50), Percent.ALL), Duration.ofSeconds(30), "5m", Duration.ofSeconds(60));

            RolloutRunner.Result good = runner.run(plan, "1.1.0", "1.0.0", 500);
            assertThat(good.outcome()).as(String.join("\n", timeline)).isEqualTo(RolloutRunner.Outcome.COMPLETED);
            assertThat(good.verdicts()).allSatisfy(v -> {
                assertThat(v.outcome()).isEqualTo(Verdict.Outcome.PASS);
                assertThat(v.breaches()).isEmpty();
                // the telemetry KPIs came through the collector and Prometheus too, not as absent zeros
                assertThat(kpi(v, "fcp_p95").value()).isBetween(0.3, 2.0);
                assertThat(kpi(v, "api_latency_p95").value()).isBetween(0.1, 0.5);
                assertThat(kpi(v, "api_latency_p95").baseline()).isBetween(0.1, 0.5);
                assertThat(kpi(v, "update_check_failure_rate").value()).isZero();
            });
            converge(fleet, "1.1.0", 0.99);

            RolloutRunner.Result bad = runner.run(plan, "1.2.0", "1.1.0", 500);
            assertThat(bad.outcome()).as(String.join("\n", timeline)).isEqualTo(RolloutRunner.Outcome.ROLLED_BACK);
            assertThat(bad.percent()).isEqualTo(new Percent(50));
            Verdict failed = bad.last();
            assertThat(failed.breaches()).extracting(r -> r.kpi().name()).containsExactly("crash_free_sessions");
            assertThat(failed.breaches().get(0).value()).as("the collector counted %s crashes in %s sessions",
                    fleet.metrics().total(CanaryMetrics.CRASHED_SESSIONS, "1.2.0"),
                    fleet.metrics().total(CanaryMetrics.SESSIONS, "1.2.0")).isBetween(95.5, 98.0);
            assertThat(failed.rollback().detail()).isEqualTo("channel production serves 1.1.0 at sequence 5; 1.2.0 quarantined");
            Duration back = converge(fleet, "1.1.0", 0.95);
            assertThat(back).as("simulated time for 95%% back on 1.1.0").isLessThanOrEqualTo(Duration.ofSeconds(10));
            assertThat(new StoreRegistry(production, ReleaseFixture.APP).read().find("1.2.0").orElseThrow().status())
                    .isEqualTo(ReleaseStatus.QUARANTINED);

            // nobody runs 9.9.9: silence is INSUFFICIENT_DATA, never a pass
            assertThat(canary.check(new CanaryCheck.Request("9.9.9", null, "5m", 500)).outcome())
                    .isEqualTo(Verdict.Outcome.INSUFFICIENT_DATA);
            assertThat(fleet.stats().errors()).isZero();
            assertThat(fleet.metrics().total(CanaryMetrics.CRASHED_SESSIONS, "1.2.0")).isPositive();
        }
        // Prometheus gone: an infrastructure error, never a verdict
        assertThatThrownBy(() -> new CanaryCheck(new PrometheusSource(new PrometheusClient(
                java.net.URI.create("http://127.0.0.1:" + PrometheusServer.freePort() + "/"), Duration.ofSeconds(2))),
                Thresholds.defaults(), Clock.systemUTC()).check(new CanaryCheck.Request("1.1.0", null, "5m", 500)))
                .isInstanceOf(OtaException.Infrastructure.class);
    }

    static io.otarelease.core.canary.KpiResult kpi(Verdict v, String name) {
        return v.results().stream().filter(r -> r.kpi().name().equals(name)).findFirst().orElseThrow();
    }

    /** Advances the fleet until {@code share} of it runs {@code version}; the ceiling is simulated time. */
    static Duration converge(FleetSimulator fleet, String version, double share) throws InterruptedException {
        return fleet.advanceUntil(() -> fleet.share(version) >= share, Duration.ofSeconds(1), Duration.ofMinutes(5),
                share * 100 + "% on " + version);
    }

}
