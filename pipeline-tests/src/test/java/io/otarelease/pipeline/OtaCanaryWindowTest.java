package io.otarelease.pipeline;

import io.otarelease.pipeline.harness.PipelineHarness;
import io.otarelease.pipeline.harness.PipelineHarness.RunResult;
import io.otarelease.pipeline.harness.StepCall;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OtaCanaryWindowTest {

    private static Map<String, Object> args(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", "shop");
        m.put("version", "3.4.1");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void sleepsBeforeEveryCheckAndPassesAfterTheLastPlannedOne() {
        PipelineHarness h = new PipelineHarness();
        Map<String, Object> result = h.callVar("otaCanaryWindow", args("window", "2h", "every", "30m", "baselineVersion", "3.4.0"));

        assertThat(result).containsEntry("verdict", "PASS").containsEntry("checks", 4).containsEntry("decidedBy", "canary");
        assertThat(h.calls()).extracting(StepCall::name).filteredOn(n -> n.equals("sleep") || n.equals("otaCanary"))
                .containsExactly("sleep", "otaCanary", "sleep", "otaCanary", "sleep", "otaCanary", "sleep", "otaCanary");
        assertThat(h.calls()).filteredOn(c -> c.name().equals("otaCanary")).allSatisfy(c -> {
            assertThat(c.named()).containsEntry("window", "2h").containsEntry("baselineVersion", "3.4.0").containsEntry("failOnFail", false);
        });
        assertThat(h.calls()).filteredOn(c -> c.name().equals("sleep")).allSatisfy(c -> assertThat(c.arg("time")).isEqualTo(1800L));
    }

    @Test
    void stopsAtTheFirstFail() {
        PipelineHarness h = new PipelineHarness().canaryVerdicts("PASS", "FAIL", "PASS");
        Map<String, Object> result = h.callVar("otaCanaryWindow", args());

        assertThat(result).containsEntry("verdict", "FAIL").containsEntry("severity", "SEV-1").containsEntry("checks", 2);
        assertThat(h.calls()).filteredOn(c -> c.name().equals("otaCanary")).hasSize(2);
    }

    @Test
    void insufficientDataAtTheEndExtendsOneCheckAtATimeUpToTheLimitThenAsks() {
        PipelineHarness h = new PipelineHarness().canaryVerdicts("INSUFFICIENT_DATA");
        h.on("input", c -> "Continue the rollout");
        Map<String, Object> result = h.callVar("otaCanaryWindow", args("window", "30m", "every", "15m", "maxExtensions", 3, "approvers", "sre"));

        assertThat(result).containsEntry("verdict", "PASS").containsEntry("decidedBy", "person").containsEntry("extensions", 3)
                .containsEntry("checks", 5);
        StepCall ask = h.calls().stream().filter(c -> c.name().equals("input")).findFirst().orElseThrow();
        assertThat(ask.arg("submitter")).isEqualTo("sre");
        assertThat(h.calls()).filteredOn(c -> c.name().equals("timeout")).singleElement()
                .satisfies(c -> assertThat(c.arg("time")).isEqualTo(4 * 3600L));
        assertThat(h.calls()).filteredOn(c -> "otaNotify".equals(c.name())).extracting(c -> c.arg("event") + "→" + c.arg("channel"))
                .containsExactly("canary-extended→engineering", "canary-extended→engineering", "canary-extended→engineering",
                        "canary-undecided→engineering", "canary-undecided→incidents");
    }

    @Test
    void insufficientDataInTheMiddleDoesNotExtendWhenTheEndPasses() {
        PipelineHarness h = new PipelineHarness().canaryVerdicts("INSUFFICIENT_DATA", "INSUFFICIENT_DATA", "PASS", "PASS");
        Map<String, Object> result = h.callVar("otaCanaryWindow", args());

        assertThat(result).containsEntry("verdict", "PASS").containsEntry("extensions", 0).containsEntry("checks", 4);
    }

    @Test
    void aPersonChoosingRollbackMakesItAFail() {
        PipelineHarness h = new PipelineHarness().canaryVerdicts("INSUFFICIENT_DATA");
        h.on("input", c -> "Roll back");
        Map<String, Object> result = h.callVar("otaCanaryWindow", args("maxExtensions", 0));

        assertThat(result).containsEntry("verdict", "FAIL").containsEntry("decidedBy", "person").containsEntry("checks", 4);
    }

    @Test
    void badArgumentsNameTheKey() {
        assertThat(new PipelineHarness().run("otaCanaryWindow", args("every", "2h")).message())
                .isEqualTo("otaCanaryWindow: 'every' (2h) must not be longer than 'window' (1h)");
        assertThat(new PipelineHarness().run("otaCanaryWindow", args("window", "soon")).message())
                .contains("'window' must be a duration");
        Map<String, Object> noVersion = new LinkedHashMap<>();
        noVersion.put("profile", "shop");
        assertThat(new PipelineHarness().run("otaCanaryWindow", noVersion).message()).contains("'version' are required");
    }

    @Test
    void aCheckThatCannotBeMadeCountsAsInsufficientDataNotAsAPassOrAFail() {
        PipelineHarness h = new PipelineHarness();
        int[] n = {0};
        h.on("otaCanary", c -> {
            if (n[0]++ == 3) {
                throw new hudson.AbortException("prometheus at http://127.0.0.1:9090 unreachable");
            }
            return java.util.Map.of("verdict", "PASS", "severity", "none", "kpis", java.util.Map.of());
        });
        Map<String, Object> result = h.callVar("otaCanaryWindow", args());

        assertThat(result).containsEntry("verdict", "PASS").containsEntry("extensions", 1).containsEntry("checks", 5);
        assertThat(h.calls()).filteredOn(c -> c.name().equals("echo"))
                .anyMatch(c -> String.valueOf(c.first()).contains("could not be made (prometheus at http://127.0.0.1:9090 unreachable)"));
    }

    @Test
    void anUnknownVerdictIsAnErrorNotAPass() {
        PipelineHarness h = new PipelineHarness().canaryVerdicts("MAYBE");
        RunResult r = h.run("otaCanaryWindow", args());
        assertThat(r.result()).isEqualTo("FAILURE");
        assertThat(r.message()).contains("verdict 'MAYBE'");
    }
}
