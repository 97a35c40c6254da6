package io.otarelease.pipeline;

import io.otarelease.pipeline.harness.PipelineHarness;
import org.codehaus.groovy.runtime.InvokerHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unit tests of the library's src/ classes, compiled from source on Groovy 2.4.21 as Jenkins compiles them. */
class SrcClassesTest {

    private static PipelineHarness h;

    @BeforeAll
    static void load() {
        h = new PipelineHarness();
    }

    private static Object call(String cls, String method, Object... args) {
        return h.callStatic(cls, method, args);
    }

    @ParameterizedTest
    @CsvSource({"90s, 90", "15m, 900", "1h, 3600", "2h30m, 9000", "1d, 86400", "' 45m ', 2700"})
    void durationsParse(String text, long seconds) {
        assertThat(call("Durations", "seconds", "k", text)).isEqualTo(seconds);
    }

    /**
     * The library parses durations in Groovy (it runs on Jenkins' Groovy 2.4 under CPS and links against none of the
     * engine's classes); every form it takes must mean the same as in the engine's parser,
     * io.otarelease.core.Durations.
     */
    @ParameterizedTest
    @ValueSource(strings = {"90s", "15m", "1h", "2h30m", "1d", " 45m ", "1d2h3m4s", "30m2h", "007m"})
    void durationsMeanWhatTheEngineParserSays(String text) {
        assertThat(call("Durations", "seconds", "k", text))
                .isEqualTo(io.otarelease.core.Durations.parse(text, "k").toSeconds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "15", "1 h", "h", "-5m", "1.5h", "0s", "1w"})
    void badDurationsNameTheKey(String text) {
        assertThatThrownBy(() -> call("Durations", "seconds", "canaryEvery", text))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'canaryEvery'");
    }

    @Test
    void durationsFormatShortest() {
        assertThat(call("Durations", "format", 5400L)).isEqualTo("1h30m");
        assertThat(call("Durations", "format", 900L)).isEqualTo("15m");
        assertThat(call("Durations", "format", 90061L)).isEqualTo("1d1h1m1s");
    }

    @ParameterizedTest
    @CsvSource({"ota/v3.4.1, 3.4.1", "ota/v0.0.1, 0.0.1", "ota/v10.20.30-rc.1, 10.20.30-rc.1"})
    void tagsGiveTheirVersion(String tag, String version) {
        assertThat(call("ReleaseTag", "versionFromTag", tag, "ota/v")).isEqualTo(version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ota/v3.4", "ota/v3.4.1.2", "ota/v03.4.1", "ota/v3.4.1-", "ota/v3.4.1/../x", "v3.4.1", "ota/3.4.1",
            "ota/v3.4.1 ", "ota/v3.4.1\n", "ota/v3.4.1-rc..1", "ota/v3.4.1+build"})
    void badTagsAreRefusedNamingTheTag(String tag) {
        assertThatThrownBy(() -> call("ReleaseTag", "versionFromTag", tag, "ota/v"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tag '" + tag + "'");
    }

    @Test
    void rolloutPlans() {
        Object plan = call("RolloutPlan", "of", "rollout", List.of(5, 25, 50, 100));
        assertThat(plan).hasToString("5% → 25% → 50% → 100%");
        assertThat(InvokerHelper.invokeMethod(plan, "needsCanaryAfter", 2)).isEqualTo(true);
        assertThat(InvokerHelper.invokeMethod(plan, "needsCanaryAfter", 3)).isEqualTo(false);
        assertThat(call("RolloutPlan", "of", "rollout", List.of(100)).toString()).isEqualTo("100%");
        assertThatThrownBy(() -> call("RolloutPlan", "of", "rollout", List.of(0, 100))).hasMessageContaining("0 is not a percentage");
        assertThatThrownBy(() -> call("RolloutPlan", "of", "rollout", List.of(5, 5, 100))).hasMessageContaining("5 follows 5");
        assertThatThrownBy(() -> call("RolloutPlan", "of", "rollout", List.of(5, "25", 100))).hasMessageContaining("whole percentages");
        assertThatThrownBy(() -> call("RolloutPlan", "of", "rollout", List.of())).hasMessageContaining("non-empty list");
        assertThatThrownBy(() -> call("RolloutPlan", "of", "rollout", List.of(5, 150))).hasMessageContaining("150");
    }

    private static Object window(String w, String every, int ext) {
        return call("CanaryWindow", "of", w, every, ext);
    }

    private static List<String> feed(Object window, String... verdicts) {
        List<String> out = new ArrayList<>();
        for (String v : verdicts) {
            out.add((String) InvokerHelper.invokeMethod(window, "record", v));
        }
        return out;
    }

    @Test
    void canaryWindowDecisions() {
        assertThat(feed(window("1h", "15m", 2), "PASS", "PASS", "PASS", "PASS")).containsExactly("CONTINUE", "CONTINUE", "CONTINUE", "PASS");
        assertThat(feed(window("1h", "15m", 2), "PASS", "FAIL")).containsExactly("CONTINUE", "FAIL");
        assertThat(feed(window("30m", "15m", 2), "PASS", "INSUFFICIENT_DATA", "INSUFFICIENT_DATA", "INSUFFICIENT_DATA"))
                .containsExactly("CONTINUE", "EXTEND", "EXTEND", "ASK");
        assertThat(feed(window("30m", "15m", 1), "INSUFFICIENT_DATA", "INSUFFICIENT_DATA", "PASS"))
                .containsExactly("CONTINUE", "EXTEND", "PASS");
        assertThat(feed(window("10m", "15m".replace("15m", "10m"), 0), "INSUFFICIENT_DATA")).containsExactly("ASK");
        Object w = window("45m", "20m", 0);
        assertThat(InvokerHelper.getProperty(w, "plannedChecks")).isEqualTo(2);
        assertThatThrownBy(() -> feed(window("1h", "15m", 0), "pass")).hasMessageContaining("verdict 'pass'");
        assertThatThrownBy(() -> window("1h", "15m", -1)).hasMessageContaining("'maxExtensions'");
    }

    @Test
    void stateKeptAcrossSleepsIsSerializable() throws Exception {
        Object w = window("1h", "15m", 2);
        feed(w, "PASS", "INSUFFICIENT_DATA");
        for (Object o : List.of(w, call("RolloutPlan", "of", "rollout", List.of(5, 100)),
                call("ReleaseConfig", "resolve", Map.of("profile", "shop", "approvers", "rm")))) {
            try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
                out.writeObject(o);
            }
        }
    }

    @Test
    void routing() {
        assertThat(call("NotificationRouting", "channelsFor", "stage-passed", null, Map.of())).isEqualTo(List.of("engineering"));
        assertThat(call("NotificationRouting", "channelsFor", "released", "none", Map.of())).isEqualTo(List.of("engineering", "releases"));
        assertThat(call("NotificationRouting", "channelsFor", "canary-fail", "SEV-1", Map.of()))
                .isEqualTo(List.of("engineering", "releases", "incidents"));
        assertThat(call("NotificationRouting", "channelsFor", "canary-fail", "SEV-3", Map.of())).isEqualTo(List.of("engineering", "incidents"));
        assertThat(call("NotificationRouting", "channelsFor", "canary-pass", "SEV-2", Map.of())).isEqualTo(List.of("engineering", "incidents"));
        assertThat(call("NotificationRouting", "channelsFor", "stage-passed", null, Map.of("stage-passed", List.of())))
                .isEqualTo(List.of());
        assertThat(call("NotificationRouting", "channelsFor", "released", null, Map.of("released", List.of("releases", "incidents"))))
                .isEqualTo(List.of("releases", "incidents"));
        assertThatThrownBy(() -> call("NotificationRouting", "checkOverrides", "notifyRoutes", Map.of("deploy", List.of("releases"))))
                .hasMessageContaining("unknown event 'deploy'");
        assertThatThrownBy(() -> call("NotificationRouting", "checkOverrides", "notifyRoutes", Map.of("released", "releases")))
                .hasMessageContaining("'notifyRoutes.released' must be a list");
    }

    @Test
    @SuppressWarnings("unchecked")
    void configDefaultsAndLockName() {
        Map<String, Object> cfg = (Map<String, Object>) call("ReleaseConfig", "resolve", new LinkedHashMap<>(Map.of("profile", "shop", "approvers", "rm")));
        assertThat(cfg).containsEntry("bundleDir", "www").containsEntry("buildCommand", "npm run build")
                .containsEntry("rollout", List.of(5, 25, 50, 100)).containsEntry("canaryWindow", "1h")
                .containsEntry("lockResource", "ota-shop-production").containsEntry("approvalTimeout", "24h");
        Map<String, Object> user = new LinkedHashMap<>(Map.of("profile", "shop", "approvers", "rm", "agent", "linux", "testCommand", ""));
        cfg = (Map<String, Object>) call("ReleaseConfig", "resolve", user);
        assertThat(cfg).containsEntry("agent", "linux").containsEntry("testCommand", "");
        assertThat(user).hasSize(4);
        assertThatThrownBy(() -> call("ReleaseConfig", "resolve", Map.of("profile", "shop; rm")))
                .hasMessageContaining("option 'profile' must be letters");
        assertThatThrownBy(() -> call("ReleaseConfig", "resolve", Map.of("profile", "shop", "approvers", "rm", "bundleDir", "/www")))
                .hasMessageContaining("'bundleDir'");
        assertThatThrownBy(() -> call("ReleaseConfig", "resolve", Map.of("profile", "shop", "approvers", "rm", "gateSarif", "a/./b")))
                .hasMessageContaining("'gateSarif'");
        assertThatThrownBy(() -> call("ReleaseConfig", "resolve", Map.of("profile", "shop", "approvers", "rm", "buildCommand", " ")))
                .hasMessageContaining("'buildCommand' must not be empty");
        assertThatThrownBy(() -> call("ReleaseConfig", "resolve", Map.of("profile", "shop", "approvers", "rm", "canaryMaxExtensions", 1000)))
                .hasMessageContaining("'canaryMaxExtensions' must be between 0 and 96");
        assertThatThrownBy(() -> call("ReleaseConfig", "resolve", Map.of("profile", "shop", "zzzzzzzzzz", 1)))
                .hasMessageContaining("unknown option 'zzzzzzzzzz' (options: profile, agent");
    }

    @Test
    void registryReading() {
        List<Map<String, Object>> entries = List.of(Map.of("version", "3.4.1", "status", "canary"),
                Map.of("version", "3.4.0", "status", "current"), Map.of("version", "3.3.2", "status", "rollback-ready"),
                Map.of("version", "3.3.1", "status", "rollback-ready"), Map.of("version", "3.3.0", "status", "archived"),
                Map.of("version", "3.2.9", "status", "quarantined"));
        assertThat(call("Registry", "currentVersion", entries, "3.4.1")).isEqualTo("3.4.0");
        assertThat(call("Registry", "currentVersion", entries, "3.4.0")).isNull();
        assertThat(call("Registry", "currentVersion", List.of(), null)).isNull();
        assertThat(call("Registry", "rollbackTargets", entries)).isEqualTo(List.of("3.3.2", "3.3.1"));
        assertThat(call("Registry", "kept", entries)).isEqualTo("3.4.0 (current), 3.3.2 (rollback-ready), 3.3.1 (rollback-ready)");
        assertThat(call("Registry", "kept", List.of())).isEqualTo("none");
    }

    @Test
    void runbookSections() throws Exception {
        String runbook = java.nio.file.Files.readString(PipelineHarness.REPO.resolve("resources/runbook.md"));
        String checklist = (String) call("Runbook", "section", runbook, "Post-rollback checklist");
        assertThat(checklist).startsWith("## Post-rollback checklist").contains("- [ ] Support has the talking points")
                .doesNotContain("\n## ");
        assertThat(checklist.lines().filter(l -> l.startsWith("- [ ]")).count()).isEqualTo(6);
        assertThat(call("Runbook", "section", runbook, "Decision tree").toString()).contains("98%").doesNotContain("Response (SEV-1)");
        assertThat(call("Runbook", "section", "# x\n", "Nope")).isEqualTo("See the runbook (runbook.md), section 'Nope'");
    }

    @Test
    void rollbackRequestTrimsAndChecks() {
        Map<String, Object> params = Map.of("CHANNEL", " production ", "TARGET", "3.3.2", "REASON", " crash spike ");
        assertThat(call("RollbackRequest", "check", params, List.of("production"), List.of("previous", "3.3.2")))
                .isEqualTo(Map.of("channel", "production", "target", "3.3.2", "reason", "crash spike"));
        assertThatThrownBy(() -> call("RollbackRequest", "check", Map.of("CHANNEL", "production", "TARGET", "previous", "REASON", "x".repeat(501)),
                List.of("production"), List.of("previous"))).hasMessageContaining("at most 500");
        assertThat(call("RollbackRequest", "isParameterless", Map.of())).isEqualTo(true);
        assertThat(call("RollbackRequest", "isParameterless", Map.of("REASON", ""))).isEqualTo(false);
    }
}
