package io.otarelease.jenkins;

import hudson.remoting.VirtualChannel;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.OtaException;
import io.otarelease.core.gate.Finding;
import io.otarelease.core.gate.GatePolicy;
import io.otarelease.core.gate.GateReport;
import io.otarelease.core.gate.GateResult;
import io.otarelease.core.gate.GateRunner;
import io.otarelease.core.gate.JUnitReport;
import io.otarelease.core.gate.PolicyLoader;
import io.otarelease.core.gate.SarifReport;
import io.otarelease.core.io.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs on the agent that holds the bundle: every policy gate, then the JUnit and SARIF files it was asked for (in
 * the workspace, for the junit and recordIssues steps). Returns what the step reports; a failing gate is a result,
 * not an exception, so the step can list every failed gate in one message.
 */
public final class RunGates extends MasterToSlaveFileCallable<RunGates.Outcome> {
    private static final long serialVersionUID = 1L;

    private final String dir;
    private final String policy;
    private final String npmAudit;
    private final String licenses;
    private final String trustedKeys;
    private final String junit;
    private final String sarif;

    /** All paths relative to the workspace; null for "not given". */
    public RunGates(String dir, String policy, String npmAudit, String licenses, String trustedKeys, String junit,
                    String sarif) {
        this.dir = dir;
        this.policy = policy;
        this.npmAudit = npmAudit;
        this.licenses = licenses;
        this.trustedKeys = trustedKeys;
        this.junit = junit;
        this.sarif = sarif;
    }

    /**
     * @param gates one row per gate: name, status (PASS, FAIL, SKIP), summary
     * @param findings one map per finding: gate, rule, path, line, column, message, allowed (an exception's reason)
     */
    public record Outcome(boolean passed, List<String> failedGates, ArrayList<Map<String, Object>> gates,
                          ArrayList<Map<String, Object>> findings, String summary) implements Serializable {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("passed", passed);
            m.put("failedGates", new ArrayList<>(failedGates));
            m.put("gates", gates);
            m.put("findings", findings);
            return m;
        }
    }

    @Override
    public Outcome invoke(File workspace, VirtualChannel channel) throws IOException {
        Path ws = workspace.toPath();
        GatePolicy p = policy == null ? PolicyLoader.defaults() : PolicyLoader.load(existing(ws, policy, "policy"));
        Clock clock = Clock.systemUTC();
        GateReport report = new GateRunner(p, clock).run(new GateRunner.Inputs(ws.resolve(dir),
                npmAudit == null ? null : existing(ws, npmAudit, "npmAudit"),
                licenses == null ? null : existing(ws, licenses, "licenses"), keys(ws)));
        if (junit != null) {
            AtomicFiles.write(ws.resolve(junit), JUnitReport.write(report, clock.instant()));
        }
        if (sarif != null) {
            AtomicFiles.write(ws.resolve(sarif), SarifReport.write(report));
        }
        List<String> failed = new ArrayList<>();
        ArrayList<Map<String, Object>> gates = new ArrayList<>();
        ArrayList<Map<String, Object>> findings = new ArrayList<>();
        for (GateResult g : report.results()) {
            if (g.failed()) {
                failed.add(g.gate());
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", g.gate());
            row.put("status", g.status().name());
            row.put("summary", g.summary());
            gates.add(row);
            for (Finding f : g.findings()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("gate", g.gate());
                m.put("rule", f.rule());
                m.put("path", f.path());
                m.put("line", f.line());
                m.put("column", f.column());
                m.put("message", f.message());
                m.put("level", f.level() == Finding.Level.WARNING ? "warning" : "error"); // warnings never fail
                m.put("allowed", f.allowedBy() == null ? null : f.allowedBy().justification());
                findings.add(m);
            }
        }
        return new Outcome(report.passed(), failed, gates, findings, report.summary());
    }

    private TrustedKeys keys(Path ws) throws IOException {
        if (trustedKeys == null) {
            return null;
        }
        try {
            return TrustedKeys.parse(Files.readAllBytes(existing(ws, trustedKeys, "trustedKeys")), trustedKeys);
        } catch (JsonException e) {
            throw new OtaException.BadInput(e.getMessage(), e);
        }
    }

    private static Path existing(Path ws, String path, String field) throws IOException {
        Path p = ws.resolve(path);
        if (!Files.exists(p)) {
            throw new OtaException.BadInput(field + " " + path + " does not exist in the workspace",
                    new NoSuchFileException(p.toString()));
        }
        return p;
    }
}
