package io.otarelease.core.gate;

import static io.otarelease.core.gate.JavaScriptEvasionTest.javascriptGate;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Severity that follows the argument, policy levels, and js/undefined-global, through {@link GateRunner} on real
 * files: what lodash and React ship (a constant Function("return this"), innerHTML of a fixed string) warns and
 * passes; the same sink fed at run time fails.
 */
class JavaScriptLevelsTest {
    @TempDir
    Path tmp;

    private Path www(String... files) throws Exception {
        Path www = Files.createDirectories(tmp.resolve("www"));
        for (int i = 0; i < files.length; i += 2) {
            Path f = www.resolve(files[i]);
            Files.createDirectories(f.getParent());
            Files.writeString(f, files[i + 1]);
        }
        return www;
    }

    private static GateResult gate(Path www, String policyYaml) {
        GatePolicy policy = GateBundles.policy("signature:\n  required: false\n" + policyYaml);
        GateReport report = new GateRunner(policy, GateBundles.CLOCK).run(new GateRunner.Inputs(www, null, null,
                null));
        return GateRunnerTest.byGate(report).get("javascript");
    }

    @Test
    void constant_sinks_of_vendor_code_warn_and_pass() throws Exception {
        GateResult g = javascriptGate(www("js/vendor/lodash.min.js", "var root = Function('return this')();\n",
                "js/vendor/react-dom.js", "function t(n){ n.innerHTML = '<script><\\/script>'; }\n"));
        assertThat(g.failed()).isFalse();
        assertThat(g.findings()).extracting(Finding::rule, Finding::level).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("js/new-function-constant", Finding.Level.WARNING),
                org.assertj.core.groups.Tuple.tuple("js/inner-html-constant", Finding.Level.WARNING));
        assertThat(g.summary()).contains("2 warnings");
    }

    @Test
    void the_same_sink_with_a_dynamic_argument_fails() throws Exception {
        GateResult g = javascriptGate(www("js/vue.js", "function compile(code){ return Function(code)(); }\n"));
        assertThat(g.failed()).isTrue();
        assertThat(g.blockingFindings()).extracting(Finding::rule).containsExactly("js/new-function");
    }

    @Test
    void a_policy_sets_a_rules_level() throws Exception {
        Path www = www("a.js", "var el, root = Function('return this')();\nel.innerHTML = '';\n");
        GateResult strict = gate(www, "javascript:\n  severity:\n    js/new-function-constant: error\n");
        assertThat(strict.blockingFindings()).extracting(Finding::rule).containsExactly("js/new-function-constant");
        GateResult quiet = gate(www, "javascript:\n  severity:\n    js/new-function-constant: off\n");
        assertThat(quiet.failed()).isFalse();
        assertThat(quiet.findings()).extracting(Finding::rule).containsExactly("js/inner-html-constant");
        Files.delete(www.resolve("a.js"));
        GateResult lowered = gate(www("b.js", "eval(location.hash);\n"),
                "javascript:\n  severity:\n    js/eval: warning\n");
        assertThat(lowered.failed()).isFalse();
        assertThat(lowered.findings()).singleElement().satisfies(f -> assertThat(f.warning()).isTrue());
    }

    private static final String ERROR = "javascript:\n  severity:\n    js/undefined-global: error\n";

    @Test
    void a_missing_import_is_an_undefined_global() throws Exception {
        GateResult g = gate(www("js/app.js", "document.getElementById('root').append(React.createElement('p'));\n"
                + "window.addEventListener('load', () => dayjs().format());\n"), ERROR);
        assertThat(g.blockingFindings()).extracting(Finding::rule, Finding::location).containsExactly(
                org.assertj.core.groups.Tuple.tuple("js/undefined-global", "js/app.js:1:40"),
                org.assertj.core.groups.Tuple.tuple("js/undefined-global", "js/app.js:2:39"));
        assertThat(g.blockingFindings().get(0).message()).contains("'React'").contains("javascript.globals");
        assertThat(javascriptGate(tmp.resolve("www")).failed()).as("a warning by default").isFalse();
    }

    @Test
    void globals_another_script_of_the_bundle_defines_are_defined() throws Exception {
        GateResult g = gate(www("js/vendor/dayjs.min.js", "!function(t,e){ t.dayjs = e(); }(this, function(){});\n"
                        + "var moment = function(){}; function _(){}\n",
                "js/vendor/lib.js", "window.Chart = function(){}; legacyGlobal = 1;\n",
                "js/app.js", "moment(); _(); new Chart(); legacyGlobal++; dayjs.extend;\n"
                        + "if (typeof module === 'object') { module.exports = 1; }\n"
                        + "try { require('x'); } catch (e) {}\n"
                        + "Stripe(cordova.version, navigator.userAgent, hasOwnProperty('x'));\n"
                        + "function f(a, {b}, ...c) { let d; class K { m() { return [a, b, c, d, K, f, arguments]; } } "
                        + "}\n"
                        + "var o = { key: 1, shorthand() {} }; label: for (;;) { break label; }\n"),
                ERROR + "  globals: [Stripe]\n");
        assertThat(g.findings()).extracting(Finding::location, Finding::message).singleElement()
                .satisfies(t -> assertThat(t.toList()).containsExactly("js/app.js:1:45", t.toList().get(1)));
        assertThat(g.findings().get(0).message()).contains("'dayjs'"); // t.dayjs on a parameter defines nothing
    }

    @Test
    void top_level_declarations_of_a_module_are_not_globals() throws Exception {
        GateResult g = gate(www("js/a.mjs", "export const api = 1; import x from './b.mjs'; x();\n",
                "js/b.mjs", "export default function () { return api; }\n"), ERROR);
        assertThat(g.blockingFindings()).extracting(Finding::location).containsExactly("js/b.mjs:1:37");
    }
}
