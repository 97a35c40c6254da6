package io.otarelease.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The evasions a first review of the gate got past it (issue 20), each as an app file run through
 * {@link GateRunner} with the default policy: every one must fail the javascript gate at its line, with an error.
 */
class JavaScriptEvasionTest {
    @TempDir
    Path www;

    static GateResult javascriptGate(Path www) {
        GatePolicy policy = GateBundles.policy("signature:\n  required: false\n");
        GateReport report = new GateRunner(policy, GateBundles.CLOCK).run(new GateRunner.Inputs(www, null, null,
                null));
        return GateRunnerTest.byGate(report).get("javascript");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "computed global name        | window['ev' + 'al'](location.hash)                        | js/eval",
        "template-built name         | globalThis[`Fun${'ction'}`](location.hash)()              | js/new-function",
        "alias of eval               | var run = eval; run(location.hash)                        | js/eval",
        "alias of the global object  | const g = self; g.eval(location.hash)                     | js/eval",
        "alias of Function           | const F = Function; new F(location.hash)()                | js/new-function",
        "eval.call                   | eval.call(null, location.hash)                            | js/eval",
        "Function.apply              | Function.apply(null, ['x', location.hash])                | js/new-function",
        "Reflect.apply               | Reflect.apply(eval, null, [location.hash])                | js/eval",
        "constructor chain           | [].constructor.constructor(location.hash)()               | js/new-function",
        "function literal constructor| (async () => {}).constructor(location.hash)()             | js/new-function",
        "import of a data: URL       | import('data:text/javascript,alert(document.cookie)')     | js/dynamic-import",
        "import of a blob: URL       | import(URL.createObjectURL(new Blob([location.hash])))   | js/dynamic-import",
        "iframe srcdoc               | document.querySelector('iframe').srcdoc = location.hash   | js/inner-html",
        "srcdoc attribute            | frame.setAttribute('srcdoc', location.hash)               | js/inner-html",
        "createContextualFragment    | document.createRange().createContextualFragment(location.hash) | js/html-parse",
        "Object.assign innerHTML     | Object.assign(document.body, {innerHTML: location.hash})  | js/inner-html",
        "script textContent          | const s = document.createElement('script'); s.textContent = location.hash; document.head.appendChild(s) | js/script-text",
        "DOMParser                   | document.body.append(...new DOMParser().parseFromString(location.hash, 'text/html').body.childNodes) | js/html-parse",
    })
    void each_evasion_fails_the_gate(String evasion, String code, String rule) throws Exception {
        Files.writeString(www.resolve("app.js"), "var frame;\n" + code + ";\n");
        GateResult gate = javascriptGate(www);
        assertThat(gate.failed()).as(evasion).isTrue();
        assertThat(gate.blockingFindings()).as(evasion).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo(rule);
            assertThat(f.location()).startsWith("app.js:2:");
        });
    }
}
