package io.otarelease.core.gate;

import io.otarelease.client.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SARIF 2.1.0, the format Jenkins' Warnings plugin (and code-scanning tools) read: one run of the tool
 * {@code ota gate}, one rule per finding kind, one result per finding with its file (relative to the bundle,
 * under the base id {@code BUNDLE}), line and column. Findings an exception allows are kept with an external
 * suppression carrying the justification, so the allowlist stays visible.
 */
public final class SarifReport {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private static final Map<String, String> DESCRIPTIONS = new TreeMap<>(Map.ofEntries(
            Map.entry(FileGates.SIZE_TOTAL, "The bundle is larger than the policy's total limit."),
            Map.entry(FileGates.SIZE_FILE, "A file is larger than the policy's per-file limit."),
            Map.entry(DangerousCodeFinder.EVAL, "eval() runs a string as code."),
            Map.entry(DangerousCodeFinder.NEW_FUNCTION, "new Function() compiles a string into code."),
            Map.entry(DangerousCodeFinder.IMPLIED_EVAL, "setTimeout/setInterval with a string argument run it as code."),
            Map.entry(DangerousCodeFinder.DOCUMENT_WRITE, "document.write/writeln write raw markup."),
            Map.entry(DangerousCodeFinder.HTML_ASSIGNMENT, "Assigning innerHTML/outerHTML parses a string as markup."),
            Map.entry(DangerousCodeFinder.INSERT_ADJACENT_HTML, "insertAdjacentHTML parses a string as markup."),
            Map.entry(DangerousCodeFinder.PARSE_ERROR, "A JavaScript file cannot be parsed, so it cannot be checked."),
            Map.entry(FileGates.MAP_FILE, "A source map file is in the bundle."),
            Map.entry(FileGates.MAP_COMMENT, "A sourceMappingURL comment is in the bundle."),
            Map.entry(SecretScanner.AWS_KEY, "An AWS access key id is in the bundle."),
            Map.entry(SecretScanner.PRIVATE_KEY, "A PEM private key is in the bundle."),
            Map.entry(SecretScanner.TOKEN, "A high-entropy value is assigned to a secret-like name."),
            Map.entry(DependencyGates.VULNERABILITY, "A dependency has a vulnerability at or above the threshold."),
            Map.entry(DependencyGates.FORBIDDEN_LICENSE, "A dependency's license expression requires a forbidden "
                    + "license."),
            Map.entry(DependencyGates.UNREADABLE_LICENSE, "A dependency's license is not an SPDX expression."),
            Map.entry(GateRunner.SIGNATURE, "The manifest or its signature does not verify as a device would."),
            Map.entry(GateRunner.EXPIRED_EXCEPTION, "A policy exception has expired."),
            Map.entry(GateRunner.MISSING_INPUT, "A report the policy requires was not given.")));

    static {
        DESCRIPTIONS.putAll(DangerousCodeFinder.DESCRIPTIONS);
    }

    private SarifReport() {
    }

    public static byte[] write(GateReport report, String toolVersion) {
        List<String> ruleIds = new ArrayList<>(DESCRIPTIONS.keySet());
        List<Object> rules = new ArrayList<>();
        for (String id : ruleIds) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", id);
            rule.put("shortDescription", Map.of("text", DESCRIPTIONS.get(id)));
            rule.put("defaultConfiguration", Map.of("level", "error"));
            rules.add(rule);
        }
        List<Object> results = new ArrayList<>();
        for (Finding f : report.findings()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("ruleId", f.rule());
            int index = ruleIds.indexOf(f.rule());
            if (index >= 0) {
                result.put("ruleIndex", index);
            }
            result.put("level", f.level() == Finding.Level.WARNING ? "warning" : "error");
            result.put("message", Map.of("text", f.message()));
            Map<String, Object> physical = new LinkedHashMap<>();
            physical.put("artifactLocation", Map.of("uri", uri(f.path()), "uriBaseId", "BUNDLE"));
            if (f.line() > 0) {
                Map<String, Object> region = new LinkedHashMap<>();
                region.put("startLine", f.line());
                if (f.column() > 0) {
                    region.put("startColumn", f.column());
                }
                physical.put("region", region);
            }
            result.put("locations", List.of(Map.of("physicalLocation", physical)));
            if (f.allowedBy() != null) {
                result.put("suppressions", List.of(Map.of("kind", "external", "status", "accepted",
                        "justification", f.allowedBy().justification() + " (until " + f.allowedBy().expires() + ")")));
            }
            results.add(result);
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "ota gate");
        driver.put("version", toolVersion);
        driver.put("rules", rules);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("originalUriBaseIds", Map.of("BUNDLE", Map.of("uri",
                report.bundle().toAbsolutePath().normalize().toUri().toString())));
        run.put("results", results);
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("$schema", SCHEMA);
        log.put("version", "2.1.0");
        log.put("runs", List.of(run));
        return Json.canonicalBytes(log);
    }

    /** A relative URI reference: each path segment percent-encoded where URIs need it. */
    static String uri(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~/@!$&'()*+,;=:".indexOf(c) >= 0;
            sb.append(plain ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return sb.toString();
    }
}
