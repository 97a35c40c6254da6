package io.otarelease.core.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DependencyGatesTest {
    static Path fixture(String name) {
        try {
            return Path.of(DependencyGatesTest.class.getResource("/gate/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static GatePolicy.Audit audit(String failAt) {
        return new GatePolicy.Audit(GatePolicy.Severity.parse(failAt), false);
    }

    @Test
    void the_audit_fails_at_or_above_high_listing_package_severity_and_advisory() {
        GateResult r = DependencyGates.audit(fixture("audit/high.json"), audit("high"));
        assertThat(r.failed()).isTrue();
        assertThat(r.findings()).extracting(Finding::path).containsExactly("lodash", "lodash-helper");
        assertThat(r.findings().get(0).message()).isEqualTo("lodash: high severity, Prototype Pollution in lodash "
                + "(https://github.com/advisories/GHSA-p6mc-m468-83gw); fix available");
        assertThat(r.findings().get(1).message()).isEqualTo("lodash-helper: critical severity, through lodash");
        assertThat(r.summary()).contains("2 vulnerable packages at or above high, 1 below");
    }

    @ParameterizedTest(name = "failAt {0} finds {1}")
    @CsvSource({"critical, 1", "high, 2", "moderate, 3", "low, 3", "info, 3"})
    void the_threshold_is_configurable(String failAt, int findings) {
        assertThat(DependencyGates.audit(fixture("audit/high.json"), audit(failAt)).findings()).hasSize(findings);
    }

    @Test
    void a_clean_audit_passes() {
        GateResult r = DependencyGates.audit(fixture("audit/clean.json"), audit("low"));
        assertThat(r.failed()).isFalse();
        assertThat(r.findings()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "audit/npm6.json         | auditReportVersion must be 2 (npm 7 or later)",
        "audit/npm-error.json    | is an npm error, not an audit report: npm audit failed (405 Method Not Allowed",
        "audit/bad-severity.json | vulnerabilities.left-pad.severity must be one of info, low, moderate, high",
        "audit/truncated.json    | not valid JSON, so not an npm audit --json report",
        "licenses/array.json     | the document must be an object (npm audit --json output)",
    })
    void a_malformed_audit_report_is_a_usage_error_naming_the_field(String file, String message) {
        assertThatThrownBy(() -> DependencyGates.audit(fixture(file), audit("high")))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining(file.substring(file.indexOf('/') + 1))
                .hasMessageContaining(message);
    }

    @Test
    void licenses_fail_on_forbidden_identifiers_and_evaluate_expressions() {
        GatePolicy.Licenses policy = new GatePolicy.Licenses(List.of("GPL-3.0", "AGPL-3.0"), false);
        GateResult r = DependencyGates.licenses(fixture("licenses/mixed.json"), policy);
        assertThat(r.failed()).isTrue();
        assertThat(r.findings()).extracting(Finding::path).containsExactly("both@1.0.0", "agpl-thing@0.1.0");
        assertThat(r.findings()).extracting(Finding::rule).containsOnly("license/forbidden");
        assertThat(r.summary()).startsWith("6 packages checked");
    }

    @Test
    void licenses_pass_when_every_package_leaves_a_free_choice() {
        GatePolicy.Licenses policy = new GatePolicy.Licenses(List.of("GPL-3.0", "AGPL-3.0"), false);
        assertThat(DependencyGates.licenses(fixture("licenses/clean.json"), policy).failed()).isFalse();
    }

    @Test
    void a_license_that_is_not_an_expression_fails_for_a_person_to_check() throws Exception {
        Path f = java.nio.file.Files.createTempFile("licenses", ".json");
        java.nio.file.Files.writeString(f, "{\"odd@1.0.0\": {\"licenses\": \"Custom: https://example.com/license\"}}");
        GateResult r = DependencyGates.licenses(f, new GatePolicy.Licenses(List.of("GPL-3.0"), false));
        assertThat(r.findings()).singleElement().extracting(Finding::rule).isEqualTo("license/unparsable");
        java.nio.file.Files.delete(f);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "licenses/bad-entry.json | react@18.3.1.licenses must be a string or a list of strings",
        "licenses/array.json     | must be an object keyed by package@version",
        "audit/truncated.json    | not valid JSON, so not a license-checker --json report",
    })
    void a_malformed_license_report_is_a_usage_error_naming_the_field(String file, String message) {
        assertThatThrownBy(() -> DependencyGates.licenses(fixture(file),
                new GatePolicy.Licenses(List.of("GPL-3.0"), false)))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining(message);
    }
}
