package io.otarelease.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Code a browser runs from an HTML page, checked through the whole gate run on a real bundle directory. */
class HtmlGateTest {
    @TempDir
    Path tmp;
    Path www;

    @BeforeEach
    void sample() throws Exception {
        www = GateBundles.copySample(tmp.resolve("www"));
    }

    List<Finding> javascriptFindings() {
        GateReport r = new GateRunner(GateBundles.policy("signature:\n  required: false\n"), GateBundles.CLOCK)
                .run(new GateRunner.Inputs(www, null, null, null));
        return GateRunnerTest.byGate(r).get("javascript").findings();
    }

    /** Writes {@code page.html}; returns the single finding the javascript gate reports. */
    Finding onlyFinding(String page) throws Exception {
        Files.writeString(www.resolve("page.html"), page);
        List<Finding> found = javascriptFindings();
        assertThat(found).as("findings for %s", page).hasSize(1);
        return found.get(0);
    }

    @Test
    void a_type_inside_data_type_does_not_hide_a_script() throws Exception {
        Finding f = onlyFinding("<!DOCTYPE html>\n<body>\n<script data-type=\"application/json\">eval(location.hash)"
                + "</script>\n");
        assertThat(f.rule()).isEqualTo("js/eval");
        assertThat(f.location()).isEqualTo("page.html:3:38");
    }

    @ParameterizedTest(name = "type={0}")
    @ValueSource(strings = {"text/x-javascript", "application/x-javascript", "application/x-ecmascript",
        "text/x-ecmascript", "text/javascript1.0", "text/javascript1.5", "text/jscript", "text/livescript",
        " TEXT/JavaScript ", "module"})
    void every_javascript_mime_type_of_the_html_standard_is_checked(String type) throws Exception {
        Finding f = onlyFinding("<!DOCTYPE html>\n<body>\n<script type=\"" + type + "\">\n  eval(location.hash);\n"
                + "</script>\n");
        assertThat(f.rule()).isEqualTo("js/eval");
        assertThat(f.location()).isEqualTo("page.html:4:3");
    }

    @Test
    void a_language_attribute_is_read_as_the_browser_reads_it() throws Exception {
        Finding f = onlyFinding("<body>\n<script language=\"JavaScript1.2\">document.write(location.hash)</script>\n");
        assertThat(f.rule()).isEqualTo("js/document-write");
        assertThat(f.line()).isEqualTo(2);
    }

    @Test
    void an_end_tag_with_an_attribute_still_ends_the_script() throws Exception {
        Finding f = onlyFinding("<body>\n<p>hello</p>\n<script>eval(location.hash)</script foo>\n<p>bye</p>\n");
        assertThat(f.rule()).isEqualTo("js/eval");
        assertThat(f.location()).isEqualTo("page.html:3:9");
    }

    @Test
    void event_handler_attributes_are_checked_as_function_bodies() throws Exception {
        Finding f = onlyFinding("<body>\n<p>x</p>\n<img src=\"x.png\" alt=\"\" onerror=\"if (!this.ok) return; "
                + "eval(this.dataset.code)\">\n");
        assertThat(f.rule()).isEqualTo("js/eval");
        assertThat(f.location()).isEqualTo("page.html:3:56");
        assertThat(f.message()).contains("onerror attribute of <img>");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"<a href=\"javascript:eval(name)\">x</a>",
        "<form action=\"JavaScript:eval(name)\"></form>",
        "<button formaction=\"javascript:eval(name)\">x</button>",
        "<iframe src=\" javascript:eval(name)\"></iframe>",
        "<a href=\"jav&#x09;ascript:eval(name)\">x</a>",
        "<a href=\"javascript:%65val(name)\">x</a>",
        "<object data=\"javascript:eval(name)\"></object>"})
    void javascript_urls_in_any_attribute_are_checked(String element) throws Exception {
        Finding f = onlyFinding("<body>\n<p>x</p>\n" + element + "\n");
        assertThat(f.rule()).isEqualTo("js/eval");
        assertThat(f.line()).isEqualTo(3);
        assertThat(f.message()).contains("javascript: URL");
    }

    @Test
    void a_script_src_without_a_js_extension_is_checked_as_javascript() throws Exception {
        Files.createDirectories(www.resolve("api"));
        Files.writeString(www.resolve("api/boot"), "var a = 1;\nnew Function(location.hash)();\n");
        Files.writeString(www.resolve("js/config.txt"), "var b = 2;\n\neval(location.hash);\n");
        Files.writeString(www.resolve("page.html"), "<body>\n<script src=\"/api/boot?v=2\"></script>\n"
                + "<script src=\"js/config.txt#x\"></script>\n<script src=\"https://cdn.example/lib\"></script>\n");
        assertThat(javascriptFindings()).extracting(Finding::location, Finding::rule).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("api/boot:2:1", "js/new-function"),
                org.assertj.core.groups.Tuple.tuple("js/config.txt:3:1", "js/eval"));
    }

    @Test
    void a_data_url_script_is_checked() throws Exception {
        Finding f = onlyFinding("<body>\n<script src=\"data:text/javascript;base64,ZXZhbChuYW1lKQ==\"></script>\n");
        assertThat(f.rule()).isEqualTo("js/eval");
        assertThat(f.line()).isEqualTo(2);
    }

    @Test
    void the_page_inside_srcdoc_is_checked_with_the_outer_page_position() throws Exception {
        Files.writeString(www.resolve("page.html"), "<body>\n<p>x</p>\n<iframe srcdoc=\"<p>hi</p><script>eval(name)"
                + "</script><b onclick='document.write(name)'>\"></iframe>\n");
        assertThat(javascriptFindings()).extracting(Finding::location, Finding::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple("page.html:3:34", "js/eval"),
                org.assertj.core.groups.Tuple.tuple("page.html:3:65", "js/document-write"));
    }

    @Test
    void svg_files_and_inline_svg_run_scripts_and_handlers_too() throws Exception {
        Files.writeString(www.resolve("img/badge.svg"), "<?xml version=\"1.0\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"eval(name)\">\n"
                + "<script type=\"application/ecmascript\"><![CDATA[\n"
                + "  if (1 < 2) document.write(name);\n]]></script>\n"
                + "</svg>\n");
        Files.writeString(www.resolve("page.html"), "<body>\n<svg><script>new Function(name)()</script></svg>\n");
        assertThat(javascriptFindings()).extracting(Finding::location, Finding::rule).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("img/badge.svg:2:49", "js/eval"),
                org.assertj.core.groups.Tuple.tuple("img/badge.svg:4:14", "js/document-write"),
                org.assertj.core.groups.Tuple.tuple("page.html:2:14", "js/new-function"));
    }

    @Test
    void what_real_pages_do_passes() throws Exception {
        Files.writeString(www.resolve("page.html"), String.join("\n",
                "<!DOCTYPE html><html><head>",
                "<script type=\"application/ld+json\">{\"@context\": \"https://schema.org\"}</script>",
                "<script type=\"importmap\">{\"imports\": {\"a\": \"./js/price.js\"}}</script>",
                "<script type=\"text/template\" id=\"row\"><li>{{ name }}</li></script>",
                "<script>window.dataLayer = window.dataLayer || [];",
                "  function gtag() { dataLayer.push(arguments); }",
                "  function toggle(e) {} function validate(form) { return true; } function filter(text) {}</script>",
                "</head><body>",
                "<a href=\"javascript:void(0)\" onclick=\"toggle(event); return false;\">menu</a>",
                "<form onsubmit=\"return validate(this)\" action=\"/search\">",
                "  <input onkeyup=\"filter(this.value)\"></form>",
                "<p data-onclick=\"not code\" title=\"javascript is fun\">text</p>",
                "<iframe srcdoc=\"<p>static</p>\"></iframe>",
                "</body></html>", ""));
        assertThat(javascriptFindings()).isEmpty();
    }
}
