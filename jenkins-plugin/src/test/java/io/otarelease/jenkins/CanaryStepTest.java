package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.otarelease.core.OtaException;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.canary.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * otaCanary's check against a JSON monitoring API on loopback (ota-core's JsonApiSource over real HTTP): the verdict,
 * severity and KPI values it returns, and that only failOnFail turns a FAIL into a failed build.
 */
class CanaryStepTest {
    HttpServer api;
    final Map<String, String> answers = new ConcurrentHashMap<>();
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws Exception {
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", ex -> {
            String kpi = ex.getRequestURI().getPath().substring(1);
            String version = ex.getRequestURI().getQuery().replaceAll(".*version=([^&]+).*", "$1");
            String body = answers.getOrDefault(kpi + "@" + version, answers.get(kpi));
            byte[] b = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(body == null ? 404 : 200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        api.start();
    }

    @AfterEach
    void stop() {
        api.stop(0);
    }

    String metrics() {
        return "json:" + URI.create("http://127.0.0.1:" + api.getAddress().getPort() + "/");
    }

    /** Every KPI of the default thresholds at a healthy value. */
    void healthy() {
        for (var kpi : Thresholds.defaults().kpis()) {
            double ok = switch (kpi.breachWhen()) {
                case BELOW -> kpi.warning() + 1;
                case ABOVE -> Math.max(0, kpi.warning() / 2);
                case DEVIATES -> 0;
            };
            answers.put(kpi.json(), Double.toString(ok));
        }
        answers.put(Thresholds.defaults().sessions().json(), "5000");
    }

    OtaCanaryStep step(boolean failOnFail) {
        OtaCanaryStep s = new OtaCanaryStep("3.4.1");
        s.setFailOnFail(failOnFail);
        return s;
    }

    ReleaseTarget target(String metrics) {
        return new ReleaseTarget("com.example.shop", "production", null, null, null, null, false, null, null,
                metrics, null, null, null);
    }

    @Test
    void aHealthyCanaryPassesWithItsKpis() {
        healthy();
        Verdict verdict = CanaryProbe.run(step(true).request(target(metrics())), Thresholds.defaults(),
                Clock.systemUTC(), log);
        Map<String, Object> v = CanaryProbe.toMap(verdict);

        assertThat(v).containsEntry("verdict", "PASS").containsEntry("severity", "none")
                .containsEntry("version", "3.4.1");
        assertThat((Map<?, ?>) v.get("kpis")).isNotEmpty();
        assertThat(OtaCanaryStep.failure(verdict, true)).isNull();
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("otaCanary: canary 3.4.1: PASS");
    }

    @Test
    void aCrashingCanaryFailsAsSev1ButFailsTheBuildOnlyWhenAsked() {
        healthy();
        var crashFree = Thresholds.defaults().kpi("crash_free_sessions");
        answers.put(crashFree.json(), Double.toString(crashFree.critical() - 1));
        Verdict verdict = CanaryProbe.run(step(false).request(target(metrics())), Thresholds.defaults(),
                Clock.systemUTC(), log);
        Map<String, Object> v = CanaryProbe.toMap(verdict);

        assertThat(v).containsEntry("verdict", "FAIL").containsEntry("severity", "SEV-1");
        assertThat(OtaCanaryStep.failure(verdict, false)).isNull();
        assertThat(OtaCanaryStep.failure(verdict, true)).startsWith("otaCanary: canary 3.4.1 FAILED (SEV-1): ");
    }

    @Test
    void theProfilesThresholdsContentDecides() throws Exception {
        healthy();
        var crashFree = Thresholds.defaults().kpi("crash_free_sessions");
        answers.put(crashFree.json(), "99.2");
        Thresholds strict = CanaryProbe.thresholds(("schema: ota-thresholds/1\nkpis:\n  crash_free_sessions: "
                + "{warning: 99.8, critical: 99.5}\n").getBytes(StandardCharsets.UTF_8), "strict");

        assertThat(CanaryProbe.toMap(CanaryProbe.run(step(false).request(target(metrics())),
                Thresholds.defaults(), Clock.systemUTC(), log))).containsEntry("verdict", "PASS");
        assertThat(CanaryProbe.toMap(CanaryProbe.run(step(false).request(target(metrics())), strict,
                Clock.systemUTC(), log))).containsEntry("verdict", "FAIL");
        assertThatThrownBy(() -> CanaryProbe.thresholds("kpis: [".getBytes(StandardCharsets.UTF_8),
                "the profile's thresholds content")).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("the profile's thresholds content").hasMessageNotContaining("ota-thresholds-");
    }

    @Test
    void tooFewSessionsIsInsufficientDataAndNeverFailsTheBuild() {
        healthy();
        answers.put(Thresholds.defaults().sessions().json(), "3");
        Verdict verdict = CanaryProbe.run(step(true).request(target(metrics())), Thresholds.defaults(),
                Clock.systemUTC(), log);
        Map<String, Object> v = CanaryProbe.toMap(verdict);

        assertThat(v).containsEntry("verdict", "INSUFFICIENT_DATA");
        assertThat(OtaCanaryStep.failure(verdict, true)).isNull();
    }

    @Test
    void aSilentMetricsSourceIsAnInfrastructureFailureNeverAPass() {
        Verdict[] out = new Verdict[1];
        assertThatThrownBy(() -> out[0] = CanaryProbe.run(step(false).request(target(metrics())),
                Thresholds.defaults(), Clock.systemUTC(), log)).isInstanceOf(OtaException.Infrastructure.class);
        assertThat(out[0]).isNull();
    }

    @Test
    void theTargetsMetricsAreUsedAndMissingOnesAreNamed() {
        OtaCanaryStep s = step(false);
        s.setMetrics("http://prometheus.example:9090");
        assertThat(s.metricsOverride()).isEqualTo("http://prometheus.example:9090"); // ReleaseTarget.of decides
        assertThat(step(false).request(target("json:http://other")).metrics()).isEqualTo("json:http://other");
        assertThat(step(false).request(target(null)).timeoutSeconds()).isEqualTo(10);
        assertThatThrownBy(() -> CanaryProbe.run(step(false).request(target(null)), Thresholds.defaults(),
                Clock.systemUTC(), log)).hasMessageStartingWith("otaCanary needs metrics");
        assertThatThrownBy(() -> new OtaCanaryStep(" ").request(target(null)))
                .hasMessage("otaCanary needs version: the version under test");
    }
}
