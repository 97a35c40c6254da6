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

    /** One gate's result, as the build page and the returned map show it. */
    public record GateRow(String name, String status, String summary) implements Serializable {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("status", status);
            m.put("summary", summary);
            return m;
        }
    }

    /** One finding; {@code allowed} is the reason of the exception that allows it, else null. */
    public record FindingRow(String gate, String rule, String path, int line, int column, String message,
                             String level, String allowed) implements Serializable {
        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("gate", gate);
            m.put("rule", rule);
            m.put("path", path);
            m.put("line", line);
            m.put("column", column);
            m.put("message", message);
            m.put("level", level);
            m.put("allowed", allowed);
            return m;
        }
    }

    /**
     * @param gates one row per gate: name, status (PASS, FAIL, SKIP), summary
     * @param findings one row per finding
     */
    public record Outcome(boolean passed, List<String> failedGates, List<GateRow> gates, List<FindingRow> findings,
                          String summary) implements Serializable {
        /** What {@code otaGate} returns. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("passed", passed);
            m.put("failedGates", new ArrayList<>(failedGates));
            m.put("gates", new ArrayList<>(gates.stream().map(GateRow::toMap).toList()));
            m.put("findings", new ArrayList<>(findings.stream().map(FindingRow::toMap).toList()));
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
        ArrayList<GateRow> gates = new ArrayList<>();
        ArrayList<FindingRow> findings = new ArrayList<>();
        for (GateResult g : report.results()) {
            if (g.failed()) {
                failed.add(g.gate());
            }
            gates.add(new GateRow(g.gate(), g.status().name(), g.summary()));
            for (Finding f : g.findings()) {
                findings.add(new FindingRow(g.gate(), f.rule(), f.path(), f.line(), f.column(), f.message(),
                        f.level() == Finding.Level.WARNING ? "warning" : "error", // warnings never fail
                        f.allowedBy() == null ? null : f.allowedBy().justification()));
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
