package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import io.otarelease.core.report.AdoptionReport;
import io.otarelease.core.testing.AdoptionHistory;
import io.otarelease.core.testing.PrometheusServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
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
    @TempDir
    static Path dir;
    static PrometheusServer prometheus;

    @BeforeAll
    static void start() throws Exception {
        prometheus = AdoptionHistory.start(dir, "3.4.0", "3.4.1");
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
                "3.4.1", null, Clock.fixed(AdoptionHistory.NOW.plusSeconds(20), ZoneOffset.UTC),
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
                "3.4.1", AdoptionHistory.NOW.minus(30, ChronoUnit.HOURS), Clock.fixed(AdoptionHistory.NOW.plusSeconds(20), ZoneOffset.UTC),
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
