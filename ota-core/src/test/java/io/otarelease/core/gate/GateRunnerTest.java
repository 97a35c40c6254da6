package io.otarelease.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.signature.TrustedKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GateRunnerTest {
    @TempDir
    Path tmp;
    Path www;
    TrustedKeys keys;

    @BeforeEach
    void signedSample() throws Exception {
        www = GateBundles.copySample(tmp.resolve("www"));
        keys = GateBundles.sign(www, tmp.resolve("keys"));
    }

    GateReport run(GatePolicy policy) {
        return new GateRunner(policy, GateBundles.CLOCK).run(new GateRunner.Inputs(www,
                DependencyGatesTest.fixture("audit/clean.json"), DependencyGatesTest.fixture("licenses/clean.json"),
                keys));
    }

    static Map<String, GateResult> byGate(GateReport r) {
        return r.results().stream().collect(Collectors.toMap(GateResult::gate, Function.identity()));
    }

    @Test
    void the_signed_sample_bundle_passes_every_gate() {
        GateReport r = run(PolicyLoader.defaults());
        assertThat(r.passed()).as(r.summary()).isTrue();
        assertThat(r.results()).extracting(GateResult::gate).containsExactly("size", "javascript", "source-maps",
                "secrets", "audit", "licenses", "signature", "exceptions");
        assertThat(r.results()).allSatisfy(g -> assertThat(g.status()).isEqualTo(GateResult.Status.PASS));
        assertThat(r.summary()).endsWith("PASSED: every gate passed\n");
    }

    @Test
    void an_injected_eval_and_source_map_fail_their_gates_and_the_signature() throws Exception {
        Path js = www.resolve("js/index.js");
        Files.writeString(js, Files.readString(js) + "\neval(location.hash.slice(1));\n//# sourceMappingURL=index.js.map\n");
        Files.writeString(www.resolve("js/index.js.map"), "{\"version\":3,\"sources\":[\"src/index.ts\"]}");
        GateReport r = run(PolicyLoader.defaults());
        Map<String, GateResult> g = byGate(r);
        assertThat(r.passed()).isFalse();
        assertThat(g.get("javascript").findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("js/eval");
            assertThat(f.path()).isEqualTo("js/index.js");
            assertThat(f.line()).isEqualTo((int) Files.readString(js).lines().takeWhile(l -> !l.startsWith("eval("))
                    .count() + 1);
        });
        assertThat(g.get("source-maps").findings()).extracting(Finding::rule)
                .containsExactlyInAnyOrder("source-map/file", "source-map/comment");
        assertThat(g.get("signature").failed()).isTrue();
        assertThat(g.get("size").failed()).isFalse();
        assertThat(r.summary()).contains("FAIL  javascript").contains("js/index.js:").contains("[js/eval]")
                .contains("FAILED: 3 of 8 gates failed");
    }

    @Test
    void size_limits_fail_with_the_largest_files_listed() throws Exception {
        Files.write(www.resolve("img/hero.bin"), new byte[3 * 1024]);
        GateReport r = run(GateBundles.policy("size:\n  maxTotalKb: 4\n  maxFileKb: 2\n  listLargest: 2\n"
                + "signature:\n  required: false\n"));
        GateResult size = byGate(r).get("size");
        assertThat(size.failed()).isTrue();
        assertThat(size.findings()).extracting(Finding::rule).containsExactly("size/total", "size/file");
        assertThat(size.findings().get(1).path()).isEqualTo("img/hero.bin");
        assertThat(size.details()).hasSize(3).element(1).asString().contains("img/hero.bin");
        assertThat(r.summary()).contains("largest files:");
    }

    @Test
    void a_live_exception_allows_a_finding_and_an_expired_one_fails_the_gate() throws Exception {
        Files.createDirectories(www.resolve("js/vendor"));
        Files.writeString(www.resolve("js/vendor/legacy.js"), "new Function(location.hash)();\n");
        keys = null; // the bundle changed after signing; this test is about exceptions
        String exception = "exceptions:\n  - path: \"js/vendor/*.js\"\n    rule: js/new-function\n"
                + "    justification: legacy SDK, removal in APP-42\n    expires: %s\nsignature:\n  required: false\n";

        GateReport live = run(GateBundles.policy(String.format(exception, "2026-06-01")));
        assertThat(live.passed()).as(live.summary()).isTrue();
        assertThat(byGate(live).get("javascript").findings()).singleElement()
                .satisfies(f -> assertThat(f.blocking()).isFalse());
        assertThat(live.summary()).contains("allowed until 2026-06-01: js/vendor/legacy.js:1:1");

        GateReport expired = run(GateBundles.policy(String.format(exception, "2026-05-31")));
        Map<String, GateResult> g = byGate(expired);
        assertThat(g.get("exceptions").failed()).isTrue();
        assertThat(g.get("exceptions").findings()).singleElement().extracting(Finding::message).asString()
                .contains("expired on 2026-05-31").contains("legacy SDK");
        assertThat(g.get("javascript").failed()).isTrue();
    }

    @Test
    void secrets_in_any_text_file_fail_with_file_and_line() throws Exception {
        Files.writeString(www.resolve("config.json"), "{\n  \"region\": \"eu-west-1\",\n  \"key\": \"AKIA"
                + "Q3EGXJ7TZ2MPLW4N\"\n}\n");
        GateReport r = run(GateBundles.policy("signature:\n  required: false\n"));
        assertThat(byGate(r).get("secrets").findings()).singleElement()
                .satisfies(f -> assertThat(f.location()).isEqualTo("config.json:3:11"));
        assertThat(r.summary()).doesNotContain("Q3EGXJ7TZ2MPLW4N");
    }

    @Test
    void a_report_the_policy_requires_but_nobody_gave_fails_and_an_optional_one_skips() {
        GatePolicy p = GateBundles.policy("audit:\n  required: true\n");
        GateReport r = new GateRunner(p, GateBundles.CLOCK).run(new GateRunner.Inputs(www, null, null, keys));
        Map<String, GateResult> g = byGate(r);
        assertThat(g.get("audit").failed()).isTrue();
        assertThat(g.get("audit").findings().get(0).message()).contains("--npm-audit");
        assertThat(g.get("licenses").status()).isEqualTo(GateResult.Status.SKIP);
        assertThat(g.get("signature").failed()).isFalse();
    }

    @Test
    void switched_off_gates_skip_and_say_which_key_did_it() throws Exception {
        Files.writeString(www.resolve("js/index.js"), "eval('1')");
        keys = null;
        GateReport r = run(GateBundles.policy("javascript:\n  enabled: false\nsignature:\n  required: false\n"));
        assertThat(byGate(r).get("javascript").summary()).contains("javascript.enabled: false");
        assertThat(r.passed()).isTrue();
    }

    @Test
    void a_wildcard_exception_never_covers_a_bad_signature() throws Exception {
        Files.writeString(www.resolve("js/index.js"), "eval('1')");
        GateReport r = run(GateBundles.policy("exceptions:\n  - path: \"**\"\n    rule: \"*\"\n"
                + "    justification: everything\n    expires: 2030-01-01\n"));
        Map<String, GateResult> g = byGate(r);
        assertThat(g.get("javascript").failed()).isFalse();
        assertThat(g.get("signature").failed()).isTrue();
        assertThat(r.passed()).isFalse();
    }
}
