package io.otarelease.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JavaScriptGateTest {
    static List<Finding> check(String code) throws JavaScriptParser.SyntaxError {
        return DangerousCodeFinder.find("app.js", JavaScriptParser.parse("app.js", code));
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = JavaScriptGateTest.class.getResourceAsStream("/gate/js/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "eval(userInput)                                   | js/eval",
        "window.eval(s)                                    | js/eval",
        "globalThis['eval'](s)                             | js/eval",
        "(0, eval)(s)                                      | js/eval",
        "eval?.(s)                                         | js/eval",
        "new Function('a', body)                           | js/new-function",
        "Function('return ' + s)()                         | js/new-function",
        "new window.Function(body)                         | js/new-function",
        "setTimeout('tick(' + id + ')', 10)                | js/implied-eval",
        "setInterval(`poll(${id})`, 10)                    | js/implied-eval",
        "window.setTimeout('a' + b, 1)                     | js/implied-eval",
        "document.write('<p>' + x)                         | js/document-write",
        "document.writeln(x)                               | js/document-write",
        "window.document.write(x)                          | js/document-write",
        "el.innerHTML = html                               | js/inner-html",
        "el.outerHTML = html                               | js/inner-html",
        "el['innerHTML'] += html                           | js/inner-html",
        "a.b?.c.innerHTML = x                              | js/inner-html",
        "el.insertAdjacentHTML('beforeend', html)          | js/insert-adjacent-html",
        "el?.insertAdjacentHTML('afterbegin', html)        | js/insert-adjacent-html",
    })
    void flags_each_dangerous_construct(String code, String rule) throws Exception {
        assertThat(check("var x, s, b, id, el, html, body, userInput;\n  " + code + ";\n"))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.rule()).isEqualTo(rule);
                    assertThat(f.path()).isEqualTo("app.js");
                    assertThat(f.line()).isEqualTo(2);
                    assertThat(f.column()).isEqualTo(3);
                });
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
        "eval('1 + 1')                                     | js/eval-constant",
        "Function('return this')()                         | js/new-function-constant",
        "new Function('a', 'b', 'return a + ' + 'b')       | js/new-function-constant",
        "setTimeout('tick()', 10)                          | js/implied-eval-constant",
        "el.innerHTML = '<script><\\/script>'              | js/inner-html-constant",
        "el.innerHTML = `<b>${'x'}</b>`                    | js/inner-html-constant",
        "el.insertAdjacentHTML('beforeend', '<hr>')        | js/insert-adjacent-html-constant",
        "document.write('<p>')                             | js/document-write-constant",
    })
    void a_sink_given_only_literals_has_its_own_rule_id(String code, String rule) throws Exception {
        assertThat(check("var el;\n  " + code + ";\n")).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(rule);
            assertThat(f.location()).isEqualTo("app.js:2:3");
        });
    }

    @Test
    void an_alias_in_one_function_is_not_the_same_name_in_another() throws Exception {
        assertThat(check("function a(){ var f = Function; return f('return this'); }\n"
                + "function b(f, s){ return f(s); }\n")).extracting(Finding::rule)
                .containsExactly("js/new-function-constant");
    }

    @Test
    void a_hashbang_line_parses() throws Exception {
        assertThat(check("#!/usr/bin/env node\nconsole.log(eval(process.argv[2]));\n"))
                .singleElement().satisfies(f -> assertThat(f.location()).isEqualTo("app.js:2:13"));
    }

    @Test
    void finds_them_inside_minified_classes_async_code_and_modules() throws Exception {
        String minified = "class A{#a=1;async m(b){await b;return this.#a?.x??eval(b)}};"
                + "export default()=>{document.body.innerHTML=`<i>${b}</i>`};";
        List<Finding> found = check(minified);
        assertThat(found).extracting(Finding::rule).containsExactly("js/eval", "js/inner-html");
        assertThat(found).extracting(Finding::line).containsOnly(1);
        assertThat(found.get(0).column()).isEqualTo(minified.indexOf("eval(") + 1);
    }

    @Test
    void harmless_code_that_a_regular_expression_would_flag_passes() throws Exception {
        assertThat(check(fixture("harmless.js"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"modern-script.js", "modern-module.mjs"})
    void parses_what_modern_bundlers_emit(String name) throws Exception {
        assertThat(check(fixture(name))).isEmpty();
    }

    @Test
    void a_file_that_does_not_parse_is_refused_with_its_position() {
        assertThatThrownBy(() -> check(fixture("broken.js")))
                .isInstanceOfSatisfying(JavaScriptParser.SyntaxError.class, e -> {
                    assertThat(e.line).isEqualTo(2);
                    assertThat(e.column).isGreaterThan(1);
                });
    }

    @Test
    void the_gate_fails_an_unparsable_file_and_passes_clean_ones(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("ok.js"), fixture("modern-script.js"));
        java.nio.file.Files.writeString(dir.resolve("index.html"), "<p>eval('x')</p><script src=a.js></script>");
        GatePolicy.JavaScript policy = PolicyLoader.defaults().javascript();
        assertThat(FileGates.javascript(BundleContent.read(dir), policy).failed()).isFalse();

        java.nio.file.Files.writeString(dir.resolve("broken.js"), fixture("broken.js"));
        GateResult r = FileGates.javascript(BundleContent.read(dir), policy);
        assertThat(r.failed()).isTrue();
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("js/parse-error");
            assertThat(f.location()).startsWith("broken.js:2:");
        });
    }

    @Test
    void a_file_nested_too_deeply_fails_the_gate_instead_of_crashing(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("deep.js"), "x=" + "[".repeat(200_000) + "]".repeat(200_000));
        GateResult r = FileGates.javascript(BundleContent.read(dir), PolicyLoader.defaults().javascript());
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("js/parse-error");
            assertThat(f.message()).contains("nested too deeply");
        });
    }

    @Test
    void inline_scripts_of_html_pages_are_checked_with_page_positions(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("index.html"), String.join("\n",
                "<!doctype html>",
                "<script type=\"application/ld+json\">{\"eval\": \"(\"}</script>",
                "<script>",
                "  var a = 1;  eval(location.hash);",
                "</script>",
                "<SCRIPT type=module>import x from './x.js'; document.write(x);</SCRIPT>",
                "<p>eval(1) in text is just text</p>"));
        GateResult r = FileGates.javascript(BundleContent.read(dir), PolicyLoader.defaults().javascript());
        assertThat(r.findings()).extracting(Finding::location, Finding::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple("index.html:4:15", "js/eval"),
                org.assertj.core.groups.Tuple.tuple("index.html:6:45", "js/document-write"));
    }
}
