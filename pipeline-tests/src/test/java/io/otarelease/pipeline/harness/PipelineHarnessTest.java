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
}
