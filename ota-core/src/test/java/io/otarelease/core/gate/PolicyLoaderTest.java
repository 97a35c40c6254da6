package io.otarelease.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyLoaderTest {
    @TempDir
    Path dir;

    @Test
    void the_default_policy_has_the_seed_thresholds() {
        GatePolicy p = PolicyLoader.defaults();
        assertThat(p.size().maxTotalKb()).isEqualTo(2048);
        assertThat(p.audit().failAt()).isEqualTo(GatePolicy.Severity.HIGH);
        assertThat(p.licenses().forbidden()).containsExactly("GPL-3.0", "AGPL-3.0");
        assertThat(p.javascript().enabled()).isTrue();
        assertThat(p.sourceMaps()).isTrue();
        assertThat(p.secrets().enabled()).isTrue();
        assertThat(p.signatureRequired()).isTrue();
        assertThat(p.exceptions()).isEmpty();
    }

    @Test
    void the_jar_copy_is_the_repository_file() throws Exception {
        Path repoFile = Path.of("..", "resources", "policy", "default-policy.yaml");
        try (var in = PolicyLoader.class.getResourceAsStream(PolicyLoader.DEFAULT_RESOURCE)) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(repoFile));
        }
    }

    @Test
    void a_policy_file_overrides_only_the_keys_it_sets() throws Exception {
        Path f = write("""
                size:
                  maxTotalKb: 512
                audit:
                  failAt: moderate
                exceptions:
                  - path: "js/vendor/**"
                    rule: js/eval
                    justification: vendor SDK evaluates its config (APP-123)
                    expires: 2026-12-31
                """);
        GatePolicy p = PolicyLoader.load(f);
        assertThat(p.size().maxTotalKb()).isEqualTo(512);
        assertThat(p.size().maxFileKb()).isEqualTo(1024);
        assertThat(p.audit().failAt()).isEqualTo(GatePolicy.Severity.MODERATE);
        assertThat(p.licenses().forbidden()).containsExactly("GPL-3.0", "AGPL-3.0");
        assertThat(p.exceptions()).singleElement().satisfies(e -> {
            assertThat(e.expires()).isEqualTo(LocalDate.of(2026, 12, 31));
            assertThat(e.rule()).isEqualTo("js/eval");
        });
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "'size:\n  maxTotalKB: 10'                         | size.maxTotalKB is not a known key",
        "'sizes: {}'                                       | sizes is not a known key",
        "'size:\n  maxTotalKb: lots'                       | size.maxTotalKb must be a positive whole number",
        "'size:\n  maxTotalKb: -1'                         | size.maxTotalKb must be a positive whole number",
        "'audit:\n  failAt: severe'                        | audit.failAt must be one of info, low, moderate",
        "'licenses:\n  forbidden: GPL-3.0'                 | licenses.forbidden must be a list",
        "'javascript:\n  enabled: yes please'              | javascript.enabled must be true or false",
        "'secrets: [1]'                                    | secrets must be a mapping",
        "'schema: ota-policy/9'                            | schema must be ota-policy/1",
        "'exceptions:\n  - path: a\n    rule: js/eval\n    justification: x' | exceptions[0].expires is missing",
        "'exceptions:\n  - path: a\n    rule: js/eval\n    justification: x\n    expires: soon' | exceptions[0].expires must be a date",
        "'exceptions:\n  - rule: js/eval\n    justification: x\n    expires: 2026-01-01' | exceptions[0].path is missing",
        "'exceptions:\n  - path: a\n    rule: r\n    justification: x\n    expires: 2026-01-01\n    owner: me' | exceptions[0].owner is not a known key",
        "'exceptions:\n  - path: \"*\"\n    rule: signature/invalid\n    justification: x\n    expires: 2030-01-01' | exceptions[0].rule signature/invalid cannot be excepted",
        "'size: [unclosed'                                 | not valid YAML",
        "'size:\n  maxTotalKb: 1\n  maxTotalKb: 2'          | not valid YAML",
        "'- a list'                                        | the policy must be a mapping",
        "'javascript:\n  severity:\n    js/evil: warning'    | javascript.severity.js/evil is not a rule whose level a policy sets",
        "'javascript:\n  severity:\n    js/parse-error: off' | javascript.severity.js/parse-error is not a rule",
        "'javascript:\n  severity:\n    js/eval: loud'       | javascript.severity.js/eval must be error, warning or off",
        "'javascript:\n  severity: [js/eval]'               | javascript.severity must be a mapping",
        "'javascript:\n  globals: Stripe'                   | javascript.globals must be a list of strings",
    })
    void a_bad_policy_is_a_usage_error_naming_the_key(String yaml, String message) throws Exception {
        Path f = write(yaml);
        assertThatThrownBy(() -> PolicyLoader.load(f))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessageStartingWith(f.toString() + ": ")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((OtaException) e).exitCode()).isEqualTo(2));
    }

    @Test
    void a_missing_policy_file_is_a_usage_error() {
        assertThatThrownBy(() -> PolicyLoader.load(dir.resolve("nope.yaml")))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("nope.yaml");
    }

    @Test
    void exception_globs_match_paths_and_rules() {
        PolicyException e = new PolicyException("js/vendor/**/*.js", "js/*", "why", LocalDate.of(2030, 1, 1));
        assertThat(e.covers(new Finding("js/eval", "js/vendor/a.js", 1, 1, "m"))).isTrue();
        assertThat(e.covers(new Finding("js/eval", "js/vendor/sdk/b.js", 1, 1, "m"))).isTrue();
        assertThat(e.covers(new Finding("js/eval", "js/app.js", 1, 1, "m"))).isFalse();
        assertThat(e.covers(new Finding("secret/token", "js/vendor/a.js", 1, 1, "m"))).isFalse();
        assertThat(PolicyException.glob("js/*.js").matcher("js/sub/a.js").matches()).isFalse();
        assertThat(PolicyException.glob("a?c.js").matcher("abc.js").matches()).isTrue();
        assertThat(PolicyException.glob("a.js").matcher("abjs").matches()).isFalse();
    }

    private Path write(String yaml) throws Exception {
        Path f = dir.resolve("policy.yaml");
        Files.writeString(f, yaml);
        return f;
    }
}
