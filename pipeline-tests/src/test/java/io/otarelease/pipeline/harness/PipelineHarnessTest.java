package io.otarelease.pipeline.harness;

import io.otarelease.pipeline.harness.PipelineHarness.RunResult;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The harness itself: what the scenarios rely on it to report. */
class PipelineHarnessTest {

    @Test
    void aStepTheHarnessDoesNotKnowFailsTheRun() throws Exception {
        PipelineHarness h = new PipelineHarness();
        Object formatted = h.callStatic("Durations", "format", 60L);
        assertThat(formatted).isEqualTo("1m");
        assertThatThrownBy(() -> h.dispatch("deleteDir", new Object[0]))
                .hasMessageContaining("the library called step 'deleteDir', which the harness does not know");
        assertThatThrownBy(() -> h.on("deleteDir", c -> null)).hasMessageContaining("unknown step deleteDir");
    }

    @Test
    void resultsOnlyGetWorseAsInJenkins() {
        PipelineHarness aborted = new PipelineHarness();
        aborted.on("otaRegistry", PipelineHarness.rejects("someone"));
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("profile", "shop");
        RunResult r = aborted.run("otaRollbackJob", cfg);
        assertThat(r.result()).isEqualTo("ABORTED");

        PipelineHarness failed = new PipelineHarness();
        failed.currentBuild.put("result", "UNSTABLE");
        failed.on("otaRegistry", c -> {
            throw new hudson.AbortException("registry unreachable");
        });
        assertThat(failed.run("otaRollbackJob", cfg).result()).isEqualTo("FAILURE");
    }

    @Test
    void withEnvIsScopedAndCallsKnowWhereTheyRan() throws Exception {
        PipelineHarness h = new PipelineHarness();
        h.on("sh", c -> h.env.get("OTA_VERSION"));
        groovy.lang.Closure<?> body = new groovy.lang.Closure<Object>(null) {
            public Object doCall() throws Exception {
                return h.dispatch("stage", new Object[] {"Build", new groovy.lang.Closure<Object>(null) {
                    public Object doCall() throws Exception {
                        return h.dispatch("withEnv", new Object[] {java.util.List.of("OTA_VERSION=1.2.3"),
                                new groovy.lang.Closure<Object>(null) {
                                    public Object doCall() throws Exception {
                                        return h.dispatch("sh", new Object[] {"make"});
                                    }
                                }});
                    }
                }});
            }
        };
        assertThat(h.dispatch("node", new Object[] {"linux", body})).isEqualTo("1.2.3");
        assertThat(h.env).doesNotContainKey("OTA_VERSION");
        StepCall sh = h.calls().get(3);
        assertThat(sh.toString()).isEqualTo("sh(make)");
        assertThat(sh.stage()).isEqualTo("Build");
        assertThat(sh.insideNode()).isTrue();
        assertThat(sh.insideLock()).isFalse();
    }

    @SuppressWarnings("unchecked")
    /** The plugin steps answer with the maps the real steps return, built by the plugin's classes. */
    @Test
    void pluginStepsReturnWhatTheRealStepsReturn() throws Exception {
        PipelineHarness h = new PipelineHarness();
        h.registryEntry("3.4.0", "current");
        Map<String, Object> prod = new LinkedHashMap<>();
        prod.put("profile", "shop");
        prod.put("version", "3.4.1");
        prod.put("to", "production");
        prod.put("percent", 5);
        Object promoted = h.dispatch("otaPromote", new Object[] {prod});
        assertThat(promoted).isInstanceOf(Map.class);
        assertThat((Map<String, Object>) promoted).containsKeys("sequence", "pointerChanged", "previousVersion", "filesCopied")
                .containsEntry("version", "3.4.1").containsEntry("percent", 5).containsEntry("previousVersion", "3.4.0");

        Object gate = h.dispatch("otaGate", new Object[] {Map.of("profile", "shop")});
        assertThat(gate).isInstanceOf(Map.class);
        assertThat((Map<String, Object>) gate).containsEntry("passed", true).containsKeys("failedGates", "gates", "findings");

        Object staged = h.dispatch("otaPromote", new Object[] {Map.of("version", "3.4.1", "to", "staging")});
        assertThat((Map<String, Object>) staged).containsEntry("to", "staging").containsKeys("filesUploaded", "alreadyStaged");
    }

    /** A timeout that fires interrupts the step waiting in its body with the real exception: no message, a cause. */
    @Test
    void aTimeoutThatFiresInterruptsTheWaitingStepAsJenkinsDoes() throws Exception {
        PipelineHarness h = new PipelineHarness().timeoutsExpire(c -> true);
        groovy.lang.Closure<?> body = new groovy.lang.Closure<Object>(null) {
            public Object doCall() throws Exception {
                return h.dispatch("input", new Object[] {Map.of("message", "ok?")});
            }
        };
        assertThatThrownBy(() -> h.dispatch("timeout", new Object[] {Map.of("time", 1, "unit", "HOURS"), body}))
                .isInstanceOfSatisfying(org.jenkinsci.plugins.workflow.steps.FlowInterruptedException.class, e -> {
                    assertThat(e.getMessage()).isNull();
                    assertThat(e.getResult()).hasToString("ABORTED");
                    assertThat(e.getCauses()).extracting(jenkins.model.CauseOfInterruption::getShortDescription)
                            .containsExactly("Timeout has been exceeded");
                });
        assertThat(h.calls()).extracting(StepCall::name).containsExactly("timeout", "input");
    }
}
