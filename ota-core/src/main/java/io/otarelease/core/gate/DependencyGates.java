package io.otarelease.core.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The gates that read the reports of npm's own tools: {@code npm audit --json} and {@code license-checker --json}. */
final class DependencyGates {
    static final String VULNERABILITY = "audit/vulnerability";
    static final String FORBIDDEN_LICENSE = "license/forbidden";
    static final String UNREADABLE_LICENSE = "license/unparsable";

    private DependencyGates() {
    }

    /**
     * npm 7+ ({@code auditReportVersion: 2}): {@code vulnerabilities} maps a package name to its severity and
     * {@code via}, a list of advisories (objects with title and url) or names of the vulnerable packages it pulls in.
     */
    static GateResult audit(Path report, GatePolicy.Audit policy) {
        JsonNode root = ReportFiles.read(report, "an npm audit --json report");
        if (!root.isObject()) {
            throw ReportFiles.bad(report, "the document", "must be an object (npm audit --json output)");
        }
        JsonNode version = root.get("auditReportVersion");
        if (version == null && root.has("error")) { // npm writes its own failure as JSON where the report would be
            String why = root.path("message").asText(root.path("error").path("summary").asText("no message"));
            throw ReportFiles.bad(report, "the document", "is an npm error, not an audit report: npm audit "
                    + "failed (" + why + "); rerun it where the registry's audit endpoint is reachable");
        }
        if (version == null || !version.isInt() || version.intValue() != 2) {
            throw ReportFiles.bad(report, "auditReportVersion", "must be 2 (npm 7 or later); found "
                    + (version == null ? "nothing (npm 6 writes another format: run npm 7 or later)" : version));
        }
        JsonNode vulns = root.get("vulnerabilities");
        if (vulns == null || !vulns.isObject()) {
            throw ReportFiles.bad(report, "vulnerabilities", "must be an object");
        }
        List<Finding> findings = new ArrayList<>();
        int below = 0;
        for (Map.Entry<String, JsonNode> e : vulns.properties()) {
            String field = "vulnerabilities." + e.getKey();
            JsonNode v = e.getValue();
            if (!v.isObject()) {
                throw ReportFiles.bad(report, field, "must be an object");
            }
            JsonNode sev = v.get("severity");
            if (sev == null || !sev.isTextual()) {
                throw ReportFiles.bad(report, field + ".severity", "is missing");
            }
            GatePolicy.Severity severity;
            try {
                severity = GatePolicy.Severity.parse(sev.textValue());
            } catch (IllegalArgumentException ex) {
                throw ReportFiles.bad(report, field + ".severity", ex.getMessage());
            }
            if (severity.compareTo(policy.failAt()) < 0) {
                below++;
                continue;
            }
            String name = v.hasNonNull("name") && v.get("name").isTextual() ? v.get("name").textValue() : e.getKey();
            findings.add(new Finding(VULNERABILITY, name, 0, 0, String.format("%s: %s severity, %s", name,
                    severity.label(), advisories(report, field, v))));
        }
        String summary = String.format("%d vulnerable packages at or above %s, %d below", findings.size(),
                policy.failAt().label(), below);
        return GateResult.of("audit", summary, findings, List.of());
    }

    private static String advisories(Path report, String field, JsonNode v) {
        JsonNode via = v.get("via");
        if (via == null || !via.isArray()) {
            throw ReportFiles.bad(report, field + ".via", "must be a list");
        }
        Set<String> advisories = new LinkedHashSet<>();
        Set<String> through = new LinkedHashSet<>();
        for (JsonNode item : via) {
            if (item.isTextual()) {
                through.add(item.textValue());
            } else if (item.isObject()) {
                String title = item.path("title").asText("advisory");
                String url = item.path("url").asText("");
                advisories.add(url.isEmpty() ? title : title + " (" + url + ")");
            } else {
                throw ReportFiles.bad(report, field + ".via", "must hold advisory objects or package names");
            }
        }
        List<String> parts = new ArrayList<>();
        if (!advisories.isEmpty()) {
            parts.add(String.join("; ", advisories));
        }
        if (!through.isEmpty()) {
            parts.add("through " + String.join(", ", through));
        }
        JsonNode fix = v.get("fixAvailable");
        if (fix != null && (fix.isObject() || fix.asBoolean(false))) {
            parts.add("fix available");
        }
        return parts.isEmpty() ? "no advisory listed" : String.join("; ", parts);
    }

    /**
     * license-checker: an object keyed by {@code name@version}, each with {@code licenses} as an SPDX expression
     * or a list of them. A list means every entry applies (the conservative reading: AND); a trailing {@code *}
     * (license-checker's mark for a license guessed from a file) is ignored.
     */
    static GateResult licenses(Path report, GatePolicy.Licenses policy) {
        JsonNode root = ReportFiles.read(report, "a license-checker --json report");
        if (!root.isObject()) {
            throw ReportFiles.bad(report, "the document", "must be an object keyed by package@version");
        }
        List<Finding> findings = new ArrayList<>();
        int packages = 0;
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            packages++;
            String pkg = e.getKey();
            if (!e.getValue().isObject()) {
                throw ReportFiles.bad(report, pkg, "must be an object with a licenses field");
            }
            JsonNode licenses = e.getValue().get("licenses");
            List<String> expressions = new ArrayList<>();
            if (licenses != null && licenses.isTextual()) {
                expressions.add(licenses.textValue());
            } else if (licenses != null && licenses.isArray() && !licenses.isEmpty()) {
                for (JsonNode l : licenses) {
                    if (!l.isTextual()) {
                        throw ReportFiles.bad(report, pkg + ".licenses", "must hold strings");
                    }
                    expressions.add(l.textValue());
                }
            } else {
                throw ReportFiles.bad(report, pkg + ".licenses", "must be a string or a list of strings");
            }
            for (String expression : expressions) {
                String cleaned = expression.endsWith("*") ? expression.substring(0, expression.length() - 1) : expression;
                try {
                    SpdxExpression parsed = SpdxExpression.parse(cleaned);
                    if (!parsed.allowed(policy.forbidden())) {
                        findings.add(new Finding(FORBIDDEN_LICENSE, pkg, 0, 0, String.format("%s is licensed %s, "
                                + "which leaves no choice free of %s", pkg, cleaned,
                                String.join(", ", policy.forbidden()))));
                    }
                } catch (IllegalArgumentException ex) {
                    findings.add(new Finding(UNREADABLE_LICENSE, pkg, 0, 0, String.format("%s has license '%s', "
                            + "which is not an SPDX expression (%s); check it by hand and add an exception",
                            pkg, expression, ex.getMessage())));
                }
            }
        }
        return GateResult.of("licenses", packages + " packages checked against forbidden "
                + String.join(", ", policy.forbidden()), findings, List.of());
    }
}
