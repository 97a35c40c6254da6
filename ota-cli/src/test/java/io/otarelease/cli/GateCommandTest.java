package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.core.io.FileTrees;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GateCommandTest {
    @TempDir
    Path tmp;
    Path www;
    Path policy;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void sample() throws Exception {
        www = tmp.resolve("www");
        FileTrees.copy(Path.of("..", "examples", "app", "www"), www);
        policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, "signature:\n  required: false\n");
    }

    int ota(String... args) {
        CommandLine cl = Ota.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void exits_0_when_every_gate_passes_and_writes_junit_and_sarif() {
        Path junit = tmp.resolve("out/gates.xml");
        Path sarif = tmp.resolve("out/gates.sarif");
        int code = ota("gate", www.toString(), "--policy", policy.toString(), "--junit", junit.toString(),
                "--sarif", sarif.toString());
        assertThat(code).as(out + "" + err).isZero();
        assertThat(out.toString()).contains("PASS  javascript").contains("PASSED: every gate passed");
        assertThat(junit).isRegularFile().content().contains("<testcase classname=\"ota.gate\" name=\"size\"");
        assertThat(sarif).isRegularFile().content().contains("\"version\":\"2.1.0\"");
    }

    @Test
    void exits_1_with_the_findings_when_a_gate_fails() throws Exception {
        Files.writeString(www.resolve("js/price.js"), "\ndocument.write(location.search);\n",
                java.nio.file.StandardOpenOption.APPEND);
        assertThat(ota("gate", www.toString(), "--policy", policy.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("FAIL  javascript").contains("js/price.js:")
                .contains("[js/document-write]").contains("FAILED: 1 of 8 gates failed");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void exits_1_for_code_a_page_runs_outside_script_elements_and_never_prints_a_secret() throws Exception {
        String page = Files.readString(www.resolve("index.html"));
        Files.writeString(www.resolve("index.html"), page.replace("<main id=\"app\">",
                "<main id=\"app\" onclick=\"eval(location.hash.slice(1))\">"));
        Files.writeString(www.resolve("js/pay.js"), "Stripe.key = 'sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc';\n");
        Path sarif = tmp.resolve("gates.sarif");
        assertThat(ota("gate", www.toString(), "--policy", policy.toString(), "--sarif", sarif.toString()))
                .isEqualTo(1);
        int line = (int) page.lines().takeWhile(l -> !l.contains("<main id=")).count() + 1;
        assertThat(out.toString()).contains("index.html:" + line + ":")
                .contains("[js/eval] eval(...) runs a string as code (in the onclick attribute of <main>)")
                .contains("js/pay.js:1:15  [secret/stripe-key]").doesNotContain("4eC39HqLyjWDarjtT1zdp7dc");
        assertThat(sarif).content().contains("\"fullDescription\"").doesNotContain("4eC39HqLyjWDarjtT1zdp7dc")
                .doesNotContain("\"version\":\"development\"");
    }

    @Test
    void the_default_policy_requires_the_signature() {
        assertThat(ota("gate", www.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("FAIL  signature").contains("--trusted-keys");
    }

    @Test
    void exits_2_naming_the_key_of_a_bad_policy_without_a_stack_trace() throws Exception {
        Files.writeString(policy, "size:\n  maxTotalKb: 2048\n  maxFileKB: 10\n");
        assertThat(ota("gate", www.toString(), "--policy", policy.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(policy + ": size.maxFileKB is not a known key")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void exits_2_on_a_malformed_audit_report_and_writes_no_report() throws Exception {
        Path audit = tmp.resolve("audit.json");
        Files.writeString(audit, "{\"auditReportVersion\": 2, \"vulnerabilities\": [");
        Path junit = tmp.resolve("gates.xml");
        assertThat(ota("gate", www.toString(), "--policy", policy.toString(), "--npm-audit", audit.toString(),
                "--junit", junit.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(audit + ": not valid JSON");
        assertThat(junit).doesNotExist();
    }

    @Test
    void the_demo_gates_the_signed_bundle_then_refuses_the_injected_copy() throws Exception {
        CliRun run = DemoRun.shared();
        assertThat(run.exitCode()).as(run.all()).isZero();
        String text = run.out();
        assertThat(text).contains("PASSED: every gate passed").contains("[js/eval]").contains("[source-map/file]")
                .contains("[source-map/comment]").contains("FAILED: 3 of 8 gates failed");
        try (Stream<Path> reports = Files.walk(DemoRun.work().resolve("reports"))) {
            assertThat(reports.filter(Files::isRegularFile)).hasSize(4);
        }
    }
}
