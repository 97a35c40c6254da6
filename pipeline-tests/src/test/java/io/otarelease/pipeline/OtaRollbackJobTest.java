package io.otarelease.pipeline;

import io.otarelease.pipeline.harness.PipelineHarness;
import io.otarelease.pipeline.harness.PipelineHarness.RunResult;
import io.otarelease.pipeline.harness.StepCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OtaRollbackJobTest {

    private static PipelineHarness harness(String channel, String target, String reason) {
        PipelineHarness h = new PipelineHarness();
        h.registryEntry("3.4.1", "current").registryEntry("3.4.0", "rollback-ready")
                .registryEntry("3.3.2", "rollback-ready").registryEntry("3.3.1", "archived");
        if (channel != null) {
            h.params.put("CHANNEL", channel);
        }
        if (target != null) {
            h.params.put("TARGET", target);
        }
        if (reason != null) {
            h.params.put("REASON", reason);
        }
        return h;
    }

    private static Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", "shop");
        m.put("channels", List.of("production", "staging"));
        m.put("approvers", "oncall");
        return m;
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"production, previous", "production, 3.4.0", "production, 3.3.2", "staging, previous", "staging, 3.3.2"})
    void rollsTheChosenChannelBackToTheChosenTargetAfterConfirmation(String channel, String target) {
        PipelineHarness h = harness(channel, target, "crash spike on Android 12");

        RunResult r = h.run("otaRollbackJob", config());

        assertThat(r.result()).as(String.valueOf(r.failure())).isEqualTo("SUCCESS");
        assertThat(r.trace("otaRollback")).containsExactly(
                "otaRollback(profile: shop, channel: " + channel + ", to: " + target + ", reason: crash spike on Android 12)");
        StepCall confirm = r.of("input").get(0);
        assertThat(confirm.arg("submitter")).isEqualTo("oncall");
        assertThat(String.valueOf(confirm.arg("message"))).contains(channel, target, "3.4.1", "crash spike");
        assertThat(r.calls().indexOf(confirm)).isLessThan(r.calls().indexOf(r.of("otaRollback").get(0)));
        assertThat(r.calls()).filteredOn(c -> !c.name().equals("otaRollbackJob")).allSatisfy(c -> assertThat(c.insideNode()).isFalse());
        assertThat(r.notifications()).containsExactly("rollback→engineering", "rollback→releases", "rollback→incidents");
        assertThat(String.valueOf(h.currentBuild.get("description"))).contains(channel + ": 3.4.1 → ");
        assertThat(r.log()).anyMatch(l -> l.startsWith("## Post-rollback checklist"));
    }

    @Test
    void targetChoicesComeFromTheRegistryRollbackReadyVersions() {
        RunResult r = harness("production", "previous", "x").run("otaRollbackJob", config());

        String parameters = String.valueOf(r.of("properties").get(0).first());
        assertThat(parameters).contains("choices=[previous, 3.4.0, 3.3.2]").doesNotContain("3.3.1").contains("choices=[production, staging]");
        assertThat(r.calls().indexOf(r.of("otaRegistry").get(0))).isLessThan(r.calls().indexOf(r.of("properties").get(0)));
    }

    @ParameterizedTest(name = "{0}/{1}/{2}")
    @CsvSource(nullValues = "NULL", value = {
            "qa, previous, why, parameter CHANNEL: 'qa' is not a channel this job rolls back (production, staging)",
            "production, 3.3.1, why, parameter TARGET: '3.3.1' is not rollback-ready in the registry now (rollback-ready: 3.4.0, 3.3.2)",
            "production, 9.9.9, why, parameter TARGET: '9.9.9' is not rollback-ready",
            "production, '', why, parameter TARGET is required",
            "production, previous, '   ', parameter REASON is required",
            "production, previous, NULL, parameter REASON is required",
            "NULL, previous, why, parameter CHANNEL: ''"})
    void refusesBadParametersBeforeAskingAnyone(String channel, String target, String reason, String expected) {
        RunResult r = harness(channel, target, reason).run("otaRollbackJob", config());

        assertThat(r.result()).isEqualTo("FAILURE");
        assertThat(r.message()).contains(expected);
        assertThat(r.called("input")).isFalse();
        assertThat(r.called("otaRollback")).isFalse();
        assertThat(r.called("otaNotify")).isFalse();
    }

    @Test
    void aFirstRunOnlyDefinesTheParameters() {
        RunResult r = harness(null, null, null).run("otaRollbackJob", config());

        assertThat(r.result()).isEqualTo("NOT_BUILT");
        assertThat(r.called("properties")).isTrue();
        assertThat(r.called("otaRollback")).isFalse();
        assertThat(r.log()).anyMatch(l -> l.contains("Build with Parameters"));
    }

    @Test
    void aRejectedConfirmationRollsNothingBack() {
        PipelineHarness h = harness("production", "previous", "bad banner");
        h.on("input", PipelineHarness.rejects("oncall"));

        RunResult r = h.run("otaRollbackJob", config());

        assertThat(r.result()).isEqualTo("ABORTED");
        assertThat(r.called("otaRollback")).isFalse();
        assertThat(r.called("otaNotify")).isFalse();
    }

    @Test
    void aFailedRollbackIsAnnouncedAsSevOneEverywhere() {
        PipelineHarness h = harness("production", "3.4.0", "checkout broken");
        h.on("otaRollback", c -> {
            throw new hudson.AbortException("production store unreachable: s3://ota-production");
        });

        RunResult r = h.run("otaRollbackJob", config());

        assertThat(r.result()).isEqualTo("FAILURE");
        assertThat(r.notifications()).containsExactly("rollback-failed→engineering", "rollback-failed→releases", "rollback-failed→incidents");
        assertThat(r.of("otaNotify")).allSatisfy(c -> {
            assertThat(c.arg("severity")).isEqualTo("SEV-1");
            assertThat(String.valueOf(c.arg("message"))).contains("FAILED", "production store unreachable");
        });
    }

    @Test
    void theDefaultChannelIsProductionAndAProfileIsRequired() {
        Map<String, Object> minimal = new LinkedHashMap<>();
        minimal.put("profile", "shop");
        RunResult r = harness("production", "previous", "why").run("otaRollbackJob", minimal);
        assertThat(r.result()).isEqualTo("SUCCESS");
        assertThat(r.of("input").get(0).arg("submitter")).isNull();

        RunResult none = harness("production", "previous", "why").run("otaRollbackJob", new LinkedHashMap<>());
        assertThat(none.message()).contains("otaRollbackJob: 'profile' is required");
        assertThat(none.called("otaRegistry")).isFalse();
    }

    @Test
    void theJobRunsOneBuildAtATimeAndRollsBackUnderTheReleaseLock() {
        RunResult r = harness("production", "previous", "crash spike").run("otaRollbackJob", config());

        Map<?, ?> props = (Map<?, ?>) ((List<?>) r.of("properties").get(0).first()).get(0);
        assertThat(props.get("$symbol")).isEqualTo("disableConcurrentBuilds");
        StepCall lock = r.of("lock").get(0);
        assertThat(lock.arg("resource")).isEqualTo("ota-shop-production");
        assertThat(r.of("otaRollback").get(0).insideLock()).isTrue();
        assertThat(r.of("input").get(0).insideLock()).as("nobody holds the lock while a person decides").isFalse();
    }

    /** The second of two on-call runs, queued behind the first, must not take 'previous' once more. */
    @Test
    void aRunWhoseViewOfProductionIsStaleRollsNothingBack() {
        PipelineHarness h = harness("production", "previous", "crash spike");
        int[] reads = {0};
        h.on("otaRegistry", c -> {
            reads[0]++;
            // the first run rolled 3.4.1 back to 3.4.0 while this one waited for its confirmation
            String current = reads[0] == 1 ? "3.4.1" : "3.4.0";
            List<Map<String, Object>> out = new java.util.ArrayList<>();
            out.add(new LinkedHashMap<>(Map.of("version", current, "status", "current")));
            out.add(new LinkedHashMap<>(Map.of("version", "3.3.2", "status", "rollback-ready")));
            return out;
        });

        RunResult r = h.run("otaRollbackJob", config());

        assertThat(r.result()).isEqualTo("FAILURE");
        assertThat(r.called("otaRollback")).isFalse();
        assertThat(r.message()).contains("production changed while this rollback waited", "3.4.1", "3.4.0",
                "nothing was rolled back");
        assertThat(r.of("otaRegistry").get(1).insideLock()).isTrue();
    }

    @Test
    void aFailedRollbackInterruptedByATimeoutSaysSoInsteadOfNull() {
        PipelineHarness h = harness("production", "3.4.0", "checkout broken");
        h.on("otaRollback", c -> {
            throw new org.jenkinsci.plugins.workflow.steps.FlowInterruptedException(hudson.model.Result.ABORTED,
                    new org.jenkinsci.plugins.workflow.steps.TimeoutStepExecution.ExceededTimeout());
        });

        RunResult r = h.run("otaRollbackJob", config());

        assertThat(r.result()).isEqualTo("ABORTED");
        assertThat(r.of("otaNotify")).allSatisfy(c -> assertThat(String.valueOf(c.arg("message")))
                .contains("FAILED: Timeout has been exceeded").doesNotContain("null"));
    }
}
