package io.otarelease.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.CanaryCheck;
import io.otarelease.core.canary.Kpi;
import io.otarelease.core.canary.MetricSource;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.canary.Verdict;
import io.otarelease.core.registry.ReleaseStatus;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.release.Stager;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.testing.ReleaseFixture;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rollout plan's decisions with scripted KPIs (the real Prometheus path: FleetCanaryAgainstPrometheusTest). */
class RolloutRunnerTest {
    static final Map<String, Double> HEALTHY = Map.ofEntries(Map.entry("crash_free_sessions", 99.8),
            Map.entry("js_error_rate", 0.1), Map.entry("load_time_p95", 1.5), Map.entry("download_success", 99.5),
            Map.entry("download_time_p95", 2.5), Map.entry("install_time_p95", 1.5), Map.entry("signature_failures", 0.0),
            Map.entry("api_error_rate", 1.0), Map.entry("update_check_failure_rate", 0.5), Map.entry("fcp_p95", 1.1),
            Map.entry("api_latency_p95", 0.3));

    final List<String> widened = new ArrayList<>();
    final List<String> rolledBack = new ArrayList<>();
    final List<String> timeline = new ArrayList<>();
    final List<Duration> slept = new ArrayList<>();
    /** Per check: sessions, then crash-free %. */
    final Deque<double[]> script = new ArrayDeque<>();

    RolloutPlan plan(Duration maxWait) {
        return new RolloutPlan(RolloutPlan.DEFAULT_STEPS, Duration.ofMinutes(15), "1h", maxWait);
    }

    RolloutRunner runner() {
        Thresholds t = Thresholds.defaults();
        double[][] current = new double[1][];
        MetricSource source = new MetricSource() {
            @Override
            public double value(Kpi kpi, String version, String window, Instant at) {
                if (kpi == t.sessions()) {
                    current[0] = script.isEmpty() ? new double[] {5000, 99.8} : script.poll();
                    if (current[0][0] < 0) {
                        throw new OtaException.Infrastructure("Prometheus at http://127.0.0.1:9/ is unreachable");
                    }
                    return current[0][0];
                }
                return kpi.name().equals("crash_free_sessions") ? current[0][1] : HEALTHY.get(kpi.name());
            }

            @Override
            public String describe() {
                return "scripted";
            }
        };
        return new RolloutRunner((v, p) -> {
            widened.add(v + "@" + p);
            return v + " at " + p + "%";
        }, new CanaryCheck(source, t, Clock.systemUTC()), (v, verdict) -> {
            rolledBack.add(v);
            return "rolled back " + v;
        }, slept::add, timeline::add);
    }

    @Test
    void healthyChecksWidenThroughEveryStep() throws Exception {
        var r = runner().run(plan(Duration.ofHours(1)), "3.4.1", "3.4.0", 500);
        assertThat(r.outcome()).isEqualTo(RolloutRunner.Outcome.COMPLETED);
        assertThat(r.outcome().exitCode()).isZero();
        assertThat(widened).containsExactly("3.4.1@5", "3.4.1@25", "3.4.1@50", "3.4.1@100");
        assertThat(slept).hasSize(4).allMatch(d -> d.equals(Duration.ofMinutes(15)));
        assertThat(rolledBack).isEmpty();
        assertThat(timeline).contains("waiting 15m before the canary check at 25%", "rollout of 3.4.1 complete at 100%");
    }

    @Test
    void aFailedCheckRollsBackAndNeverWidensFurther() throws Exception {
        script.add(new double[] {5000, 99.8});
        script.add(new double[] {5000, 97.0});
        var r = runner().run(plan(Duration.ofHours(1)), "3.4.1", "3.4.0", 500);
        assertThat(r.outcome()).isEqualTo(RolloutRunner.Outcome.ROLLED_BACK);
        assertThat(r.percent()).isEqualTo(new Percent(25));
        assertThat(widened).containsExactly("3.4.1@5", "3.4.1@25");
        assertThat(rolledBack).containsExactly("3.4.1");
        assertThat(r.last().outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(timeline).anyMatch(l -> l.contains("rolled back: rolled back 3.4.1"));
    }

    @Test
    void tooFewSessionsWaitsAndThenStopsWithoutWidening() throws Exception {
        script.add(new double[] {10, 99.8});
        script.add(new double[] {20, 99.8});
        script.add(new double[] {5000, 99.8});
        var waited = runner().run(plan(Duration.ofMinutes(45)), "3.4.1", null, 500);
        assertThat(waited.outcome()).isEqualTo(RolloutRunner.Outcome.COMPLETED);
        assertThat(slept).hasSize(6);

        widened.clear();
        script.add(new double[] {10, 99.8});
        script.add(new double[] {20, 99.8});
        var halted = runner().run(plan(Duration.ofMinutes(30)), "3.4.1", null, 500);
        assertThat(halted.outcome()).isEqualTo(RolloutRunner.Outcome.HALTED_NO_DATA);
        assertThat(halted.outcome().exitCode()).isEqualTo(4);
        assertThat(widened).containsExactly("3.4.1@5");
        assertThat(rolledBack).isEmpty();
    }

    @Test
    void aMetricsFailureStopsTheRolloutWithoutRollingBackOrWidening() {
        script.add(new double[] {5000, 99.8});
        script.add(new double[] {-1, 0}); // Prometheus goes away
        assertThatThrownBy(() -> runner().run(plan(Duration.ofHours(1)), "3.4.1", null, 500))
                .isInstanceOf(OtaException.Infrastructure.class).hasMessageContaining("unreachable");
        assertThat(widened).containsExactly("3.4.1@5", "3.4.1@25");
        assertThat(rolledBack).isEmpty();
    }

    @Test
    void plansRefuseStepsThatDoNotWiden() {
        assertThat(RolloutPlan.parseSteps("5, 25,50,100")).containsExactlyElementsOf(RolloutPlan.DEFAULT_STEPS)
                .extracting(Percent::value).containsExactly(5, 25, 50, 100);
        assertThatThrownBy(() -> new RolloutPlan(RolloutPlan.parseSteps("25,5"), Duration.ofMinutes(1), "1h", Duration.ZERO))
                .hasMessageContaining("--steps must increase (25 then 5)");
        assertThatThrownBy(() -> new RolloutPlan(RolloutPlan.parseSteps("0,5"), Duration.ofMinutes(1), "1h", Duration.ZERO))
                .hasMessageContaining("0 is not a percent");
        assertThatThrownBy(() -> new RolloutPlan(RolloutPlan.parseSteps("5,101"), Duration.ofMinutes(1), "1h", Duration.ZERO))
                .hasMessageContaining("101");
        assertThatThrownBy(() -> RolloutPlan.parseSteps("5,,50")).hasMessageContaining("like 5,25,50,100");
        assertThatThrownBy(() -> new RolloutPlan(List.of(new Percent(5)), Duration.ZERO, "1h", Duration.ZERO))
                .hasMessageContaining("--check-every");
        assertThatThrownBy(() -> new RolloutPlan(List.of(new Percent(5)), Duration.ofMinutes(1), "an hour", Duration.ZERO))
                .hasMessageContaining("--window");
        assertThat(new RolloutPlan(RolloutPlan.parseSteps("5,100"), Duration.ofMinutes(15), "1h", Duration.ofHours(2)))
                .extracting(RolloutPlan::steps, RolloutPlan::checkEvery)
                .containsExactly(List.of(new Percent(5), Percent.ALL), Duration.ofMinutes(15));
    }

    @Test
    void theChannelRollbackServesThePreviousReleaseAndQuarantinesTheFailedOne(@TempDir Path dir) {
        ReleaseFixture fx = new ReleaseFixture(dir);
        FileStore staging = new FileStore(dir.resolve("staging"));
        FileStore production = new FileStore(dir.resolve("production"));
        ReleaseContext ctx = fx.context(production);
        for (String v : List.of("1.0.0", "1.1.0")) {
            new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock).stage(fx.bundle(v));
            new Promoter(ctx).promote(staging, v, new Percent(v.equals("1.0.0") ? 100 : 25));
        }
        script.add(new double[] {5000, 97.0});
        Verdict failed = runnerCheck();
        assertThatThrownBy(() -> new ChannelRollback(ctx).rollBack("1.2.0", failed))
                .isInstanceOf(OtaException.CheckFailed.class).hasMessageContaining("now serves 1.1.0, not the failed 1.2.0");
        String said = new ChannelRollback(ctx).rollBack("1.1.0", failed);
        assertThat(said).isEqualTo("channel production serves 1.0.0 at sequence 3; 1.1.0 quarantined");
        var entry = new StoreRegistry(production, ReleaseFixture.APP).read().find("1.1.0").orElseThrow();
        assertThat(entry.status()).isEqualTo(ReleaseStatus.QUARANTINED);
        assertThat(entry.note()).startsWith("canary FAIL (SEV-1): Crash-free sessions 97% < 98%");
    }

    private Verdict runnerCheck() {
        Verdict[] out = new Verdict[1];
        try {
            new RolloutRunner((v, p) -> "", new CanaryCheck(new MetricSource() {
                @Override
                public double value(Kpi kpi, String version, String window, Instant at) {
                    return kpi.name().equals("crash_free_sessions") ? 97.0
                            : HEALTHY.getOrDefault(kpi.name(), 5000.0);
                }

                @Override
                public String describe() {
                    return "scripted";
                }
            }, Thresholds.defaults(), Clock.systemUTC()), (v, verdict) -> {
                out[0] = verdict;
                return "";
            }, d -> { }, l -> { }).run(new RolloutPlan(List.of(new Percent(5)), Duration.ofSeconds(1), "1h", Duration.ZERO), "1.1.0",
                    null, 500);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return out[0];
    }
}
