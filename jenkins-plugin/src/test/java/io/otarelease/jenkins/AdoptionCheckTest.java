package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import io.otarelease.core.report.AdoptionReport;
import io.otarelease.core.testing.FleetMetricsHistory;
import io.otarelease.core.testing.PrometheusServer;
import io.otarelease.core.testing.RealParts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

/** otaAdoption against a real Prometheus holding 80 hours of ota_active_version after a release. */
class AdoptionCheckTest {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
    static final Instant RELEASE = NOW.minus(80, ChronoUnit.HOURS);
    static final int DEVICES = 1000;

    @TempDir
    static Path dir;
    static PrometheusServer prometheus;

    /** 25% after 1 h, 85% after 24 h, 93% after 72 h: the last target (95%) is missed. */
    static double share(double hours) {
        double[][] knots = {{0, 1}, {1, 25}, {24, 85}, {72, 93}, {80, 94}};
        for (int i = 1; i < knots.length; i++) {
            if (hours <= knots[i][0]) {
                double[] a = knots[i - 1];
                double[] b = knots[i];
                return a[1] + (b[1] - a[1]) * (hours - a[0]) / (b[0] - a[0]);
            }
        }
        return 94;
    }

    @BeforeAll
    static void start() throws Exception {
        RealParts.require(PrometheusServer.available(), "prometheus and promtool (Debian package prometheus)");
        FleetMetricsHistory h = new FleetMetricsHistory();
        for (Instant t = RELEASE.minus(2, ChronoUnit.HOURS); !t.isAfter(NOW); t = t.plus(5, ChronoUnit.MINUTES)) {
            double onNew = t.isBefore(RELEASE) ? 0 : DEVICES * share(Duration.between(RELEASE, t).toSeconds() / 3600.0) / 100;
            h.activeDevices("3.4.0", DEVICES - onNew, t);
            if (!t.isBefore(RELEASE)) {
                h.activeDevices("3.4.1", onNew, t);
            }
        }
        prometheus = PrometheusServer.start(dir, h.openMetrics());
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    static ReleaseTarget target(String metrics) {
        return new ReleaseTarget("com.example.shop", "production", null, null, null, null, false, null, null,
                metrics, null, null, null);
    }

    @Test
    void eachMilestoneAgainstItsTargetOnTheBuildPage() {
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        AdoptionReport.Result result = AdoptionCheck.run("otaAdoption", target("prometheus:" + prometheus.url()),
                "3.4.1", null, Clock.fixed(NOW.plusSeconds(20), ZoneOffset.UTC),
                new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        Map<String, Object> out = AdoptionCheck.toMap(result);

        assertThat(out).containsEntry("version", "3.4.1").containsEntry("releaseFound", true);
        assertThat((List<?>) out.get("readings")).extracting(r -> ((Map<?, ?>) r).get("after") + " "
                + ((Map<?, ?>) r).get("met")).containsExactly("1 h true", "24 h true", "72 h false");
        OtaReleaseAction action = new OtaReleaseAction();
        OtaAdoptionStep.record(action, result);
        assertThat(action.getAdoption()).extracting(OtaReleaseAction.Entry::getName, OtaReleaseAction.Entry::getOutcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1 h", "met"),
                        org.assertj.core.groups.Tuple.tuple("24 h", "met"),
                        org.assertj.core.groups.Tuple.tuple("72 h", "missed"));
        assertThat(action.getAdoption().get(2).getDetail()).contains("of active devices on 3.4.1, target 95%");
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("otaAdoption: 3.4.1 after 72 h:", "MISSED");
    }

    @Test
    void aMilestoneStillAheadIsNotYetAndIsNotOnTheBuildPage() {
        AdoptionReport.Result result = AdoptionCheck.run("otaAdoption", target("prometheus:" + prometheus.url()),
                "3.4.1", NOW.minus(30, ChronoUnit.HOURS), Clock.fixed(NOW.plusSeconds(20), ZoneOffset.UTC),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Map<String, Object> out = AdoptionCheck.toMap(result);
        Map<?, ?> last = (Map<?, ?>) ((List<?>) out.get("readings")).get(2);
        assertThat(last.get("percent")).isNull();
        OtaReleaseAction action = new OtaReleaseAction();
        OtaAdoptionStep.record(action, result);
        assertThat(action.getAdoption()).hasSize(2);
    }

    @Test
    void withoutAPrometheusTheStepSaysWhatToSet() {
        assertThatThrownBy(() -> AdoptionCheck.run("otaAdoption", target("json:http://127.0.0.1:1/m"), "3.4.1", null,
                Clock.systemUTC(), System.out)).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("set the profile's metricsSource to prometheus:URL");
    }
}
