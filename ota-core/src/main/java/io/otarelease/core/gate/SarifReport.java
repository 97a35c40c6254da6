package io.otarelease.core.gate;

import io.otarelease.client.json.CanonicalJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * SARIF 2.1.0 as GitHub code scanning and Jenkins' Warnings plugin read it: one run of the tool {@code ota gate}
 * (with its real version and an information URI), one rule per finding kind with a full description and help,
 * one result per finding with its file (relative to the bundle, under the base id {@code BUNDLE}) and a region
 * (line 1 when the finding is about the whole file). Findings an exception allows are kept with an external
 * suppression carrying the justification, so the allowlist stays visible.
 */
public final class SarifReport {
    static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    private static final Properties BUILD = buildProperties();

    private SarifReport() {
    }

    /** The report with this build's version of ota as the tool version. */
    public static byte[] write(GateReport report) {
        return write(report, version());
    }

    /** The version of ota this engine was built as ({@code ota-core}'s Maven version). */
    public static String version() {
        return BUILD.getProperty("version");
    }

    /** Where the gates and their rules are documented (build property {@code ota.gates.docsUrl}). */
    static String informationUri() {
        return BUILD.getProperty("docsUrl");
    }

    public static byte[] write(GateReport report, String toolVersion) {
        List<String> ruleIds = new ArrayList<>();
        GateRules.ids().forEach(ruleIds::add);
        report.findings().stream().map(Finding::rule).distinct().filter(r -> !ruleIds.contains(r))
                .sorted().forEach(ruleIds::add); // a rule this table does not know still gets a descriptor
        List<Object> rules = new ArrayList<>();
        for (String id : ruleIds) {
            GateRules.Text text = GateRules.of(id);
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", id);
            rule.put("shortDescription", Map.of("text", text.summary()));
            rule.put("fullDescription", Map.of("text", text.description()));
            rule.put("help", Map.of("text", text.help(), "markdown", text.help()));
            rule.put("helpUri", informationUri() + "#the-gates-and-their-rule-ids");
            rule.put("defaultConfiguration", Map.of("level", GateRules.defaultLevel(id)));
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
            Map<String, Object> region = new LinkedHashMap<>();
            region.put("startLine", Math.max(1, f.line())); // code scanning needs a region on every result
            if (f.line() > 0 && f.column() > 0) {
                region.put("startColumn", f.column());
            }
            Map<String, Object> physical = new LinkedHashMap<>();
            physical.put("artifactLocation", Map.of("uri", uri(f.path()), "uriBaseId", "BUNDLE"));
            physical.put("region", region);
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
        driver.put("informationUri", informationUri());
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
        return CanonicalJson.bytes(log);
    }

    private static Properties buildProperties() {
        Properties p = new Properties();
        try (InputStream in = SarifReport.class.getResourceAsStream("ota-build.properties")) {
            if (in == null) {
                throw new IllegalStateException("ota-build.properties is missing from the ota-core jar");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ota-build.properties from the ota-core jar", e);
        }
        return p;
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
