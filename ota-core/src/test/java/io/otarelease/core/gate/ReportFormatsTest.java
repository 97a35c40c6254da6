package io.otarelease.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ReportFormatsTest {
    @TempDir
    Path tmp;

    /** A report with every kind of result: failing gates with findings, an allowed finding, a skipped gate. */
    GateReport mixedReport() throws Exception {
        Path www = GateBundles.copySample(tmp.resolve("www"));
        Files.createDirectories(www.resolve("js/vendor"));
        Files.writeString(www.resolve("js/vendor/old sdk.js"), "document.write('<p>&amp;</p>' + location.hash);\n");
        Files.writeString(www.resolve("js/index.js"), "el.innerHTML = '<b>\"x\" & y</b>' + el.id;\n"
                + "//# sourceMappingURL=index.js.map\n");
        GatePolicy policy = GateBundles.policy("exceptions:\n  - path: \"js/vendor/*\"\n    rule: js/*\n"
                + "    justification: vendor SDK <2.0> & friends\n    expires: 2027-01-01\n");
        return new GateRunner(policy, GateBundles.CLOCK).run(new GateRunner.Inputs(www,
                DependencyGatesTest.fixture("audit/high.json"), null, null));
    }

    @Test
    void junit_xml_validates_against_the_jenkins_schema_with_one_testcase_per_gate() throws Exception {
        GateReport report = mixedReport();
        byte[] xml = JUnitReport.write(report, GateBundles.CLOCK.instant());
        validateXml(xml);

        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        Document doc = dbf.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(8);
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("tests")).isEqualTo("8");
        assertThat(suite.getAttribute("failures")).isEqualTo(String.valueOf(report.failedCount()));
        assertThat(suite.getAttribute("skipped")).isEqualTo("1"); // licenses; signature is required, so it fails
        Element js = caseNamed(cases, "javascript");
        assertThat(js.getElementsByTagName("failure").item(0).getTextContent())
                .contains("js/index.js:1:1 [js/inner-html]").doesNotContain("old sdk.js");
        assertThat(caseNamed(cases, "licenses").getElementsByTagName("skipped").getLength()).isEqualTo(1);
        assertThat(caseNamed(cases, "secrets").getElementsByTagName("failure").getLength()).isZero();
    }

    @Test
    void junit_xml_for_a_passing_bundle_validates_too() throws Exception {
        Path www = GateBundles.copySample(tmp.resolve("clean"));
        GateReport report = new GateRunner(GateBundles.policy("signature:\n  required: false\n"), GateBundles.CLOCK)
                .run(new GateRunner.Inputs(www, null, null, null));
        byte[] xml = JUnitReport.write(report, GateBundles.CLOCK.instant());
        validateXml(xml);
        assertThat(new String(xml, java.nio.charset.StandardCharsets.UTF_8)).contains("failures=\"0\"")
                .doesNotContain("<failure");
    }

    @Test
    void sarif_validates_against_the_2_1_0_schema_with_file_line_and_rule_per_finding() throws Exception {
        GateReport report = mixedReport();
        byte[] sarif = SarifReport.write(report, "test");
        List<Error> errors = sarifSchema().validate(new ObjectMapper().readTree(sarif));
        assertThat(errors).isEmpty();

        JsonNode run = new ObjectMapper().readTree(sarif).get("runs").get(0);
        assertThat(run.at("/tool/driver/name").asText()).isEqualTo("ota gate");
        JsonNode results = run.get("results");
        assertThat(results).hasSize(report.findings().size());
        JsonNode html = find(results, "js/inner-html");
        assertThat(html.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("js/index.js");
        assertThat(html.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(1);
        JsonNode allowed = find(results, "js/document-write");
        assertThat(allowed.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
                .isEqualTo("js/vendor/old%20sdk.js");
        assertThat(allowed.at("/suppressions/0/justification").asText()).contains("vendor SDK <2.0> & friends");
        assertThat(find(results, "audit/vulnerability").at("/message/text").asText()).contains("lodash");
        for (JsonNode r : results) {
            int index = r.get("ruleIndex").asInt();
            assertThat(run.at("/tool/driver/rules/" + index + "/id").asText()).isEqualTo(r.get("ruleId").asText());
        }
    }

    @Test
    void sarif_has_what_github_code_scanning_requires() throws Exception {
        GateReport report = mixedReport();
        byte[] sarif = SarifReport.write(report);
        assertThat(sarifSchema().validate(new ObjectMapper().readTree(sarif))).isEmpty();
        JsonNode driver = new ObjectMapper().readTree(sarif).at("/runs/0/tool/driver");
        assertThat(driver.get("version").asText()).matches("\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.]+)?")
                .isEqualTo(SarifReport.version());
        assertThat(java.net.URI.create(driver.get("informationUri").asText()).isAbsolute()).isTrue();
        for (JsonNode rule : driver.get("rules")) {
            assertThat(rule.at("/fullDescription/text").asText()).as(rule.get("id").asText()).isNotBlank();
            assertThat(rule.at("/help/text").asText()).as(rule.get("id").asText()).isNotBlank();
        }
        JsonNode results = new ObjectMapper().readTree(sarif).at("/runs/0/results");
        assertThat(results).isNotEmpty();
        for (JsonNode r : results) {
            assertThat(r.at("/locations/0/physicalLocation/region/startLine").asInt()).as(r.toString())
                    .isPositive();
        }
        // findings about a whole package or the bundle still get a region
        assertThat(find(results, "audit/vulnerability").at("/locations/0/physicalLocation/region/startLine").asInt())
                .isEqualTo(1);
        assertThat(find(results, "input/missing").at("/locations/0/physicalLocation/region/startLine").asInt())
                .isEqualTo(1);
    }

    @Test
    void a_rule_the_sarif_table_does_not_know_still_gets_a_full_descriptor() throws Exception {
        GateReport report = new GateReport(tmp, List.of(GateResult.of("javascript", "1 file",
                List.of(new Finding("js/some-new-rule", "a.js", 3, 4, "new")), List.of())));
        byte[] sarif = SarifReport.write(report);
        assertThat(sarifSchema().validate(new ObjectMapper().readTree(sarif))).isEmpty();
        JsonNode run = new ObjectMapper().readTree(sarif).at("/runs/0");
        JsonNode rule = run.at("/tool/driver/rules/" + run.at("/results/0/ruleIndex").asInt());
        assertThat(rule.get("id").asText()).isEqualTo("js/some-new-rule");
        assertThat(rule.at("/help/text").asText()).isNotBlank();
    }

    @Test
    void junit_xml_stays_well_formed_whatever_the_file_names() throws Exception {
        Path www = GateBundles.copySample(tmp.resolve("nasty"));
        List<String> names = List.of("a\uFFFE.js", "b\uFFFF.js", "c]]>&<'\".js", "d\u0085\u2028.js",
                "e\uD83D\uDE00.js");
        for (String name : names) {
            Files.writeString(www.resolve("js").resolve(name), "eval(location.hash);\n");
        }
        GateReport report = new GateRunner(GateBundles.policy("signature:\n  required: false\n"), GateBundles.CLOCK)
                .run(new GateRunner.Inputs(www, null, null, null));
        byte[] xml = JUnitReport.write(report, GateBundles.CLOCK.instant());

        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        Document doc = dbf.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        validateXml(xml);
        String failure = caseNamed(doc.getElementsByTagName("testcase"), "javascript")
                .getElementsByTagName("failure").item(0).getTextContent();
        assertThat(failure).contains("js/a\\uFFFE.js:1:1", "js/b\\uFFFF.js:1:1", "js/c]]>&<'\".js:1:1",
                "js/d\u0085\u2028.js:1:1", "js/e\uD83D\uDE00.js:1:1");
        assertThat(JUnitReport.escape("x\uD800y\u0001z")).isEqualTo("x\\uD800y\\u0001z");
    }

    @Test
    void the_schema_check_is_not_a_rubber_stamp() throws Exception {
        JsonNode bad = new ObjectMapper().readTree("{\"version\":\"2.1.0\",\"runs\":[{\"results\":[]}]}");
        assertThat(sarifSchema().validate(bad)).isNotEmpty();
        byte[] badXml = "<testsuite name=\"x\"><testcase/></testsuite>".getBytes();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> validateXml(badXml))
                .isInstanceOf(org.xml.sax.SAXException.class);
    }

    private static JsonNode find(JsonNode results, String rule) {
        for (JsonNode r : results) {
            if (r.get("ruleId").asText().equals(rule)) {
                return r;
            }
        }
        throw new AssertionError("no result for " + rule);
    }

    private static Element caseNamed(NodeList cases, String name) {
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            if (e.getAttribute("name").equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no testcase " + name);
    }

    private static void validateXml(byte[] xml) throws Exception {
        SchemaFactory sf = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        javax.xml.validation.Schema schema = sf.newSchema(ReportFormatsTest.class.getResource(
                "/gate/schema/jenkins-junit.xsd"));
        Validator v = schema.newValidator();
        v.validate(new StreamSource(new ByteArrayInputStream(xml)));
    }

    private static Schema sarifSchema() throws Exception {
        try (InputStream in = ReportFormatsTest.class.getResourceAsStream("/gate/schema/sarif-2.1.0-rtm.5.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(in);
        }
    }
}
