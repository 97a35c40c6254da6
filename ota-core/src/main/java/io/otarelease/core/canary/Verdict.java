package io.otarelease.core.canary;

import io.otarelease.client.json.CanonicalJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one canary check, written as canonical JSON ({@value #SCHEMA}) for pipelines and people.
 * PASS: no KPI reached its critical level (warnings are listed). FAIL: at least one did; each is listed with its
 * value and the level crossed. INSUFFICIENT_DATA: fewer sessions than required, so nothing was judged — a pipeline
 * must wait or stop, never promote.
 */
public record Verdict(Outcome outcome, Severity severity, String version, String baselineVersion, String window,
                      Instant evaluatedAt, String metrics, double sessions, long minSessions, List<KpiResult> results,
                      RollbackOutcome rollback) {
    public static final String SCHEMA = "ota-canary-verdict/1";

    /** The three answers of a canary, with the exit code {@code ota canary} gives each. */
    public enum Outcome {
        PASS(0), FAIL(1), INSUFFICIENT_DATA(4);

        private final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /** Whether a rollback was made after a FAIL and what it said (or why it failed). */
    public record RollbackOutcome(boolean performed, String detail) {
    }

    public Verdict {
        results = List.copyOf(results);
    }

    /**
     * Sessions as the count they are. Prometheus's increase() extrapolates to fractions (8866.62); they are rounded
     * down, so a verdict never shows 500 sessions beside "fewer than 500".
     */
    public long sessionCount() {
        return (long) Math.floor(sessions);
    }

    public List<KpiResult> breaches() {
        return results.stream().filter(r -> r.level() == Kpi.Level.CRITICAL).toList();
    }

    public List<KpiResult> warnings() {
        return results.stream().filter(r -> r.level() == Kpi.Level.WARNING).toList();
    }

    Verdict withRollback(RollbackOutcome r) {
        return new Verdict(outcome, severity, version, baselineVersion, window, evaluatedAt, metrics, sessions,
                minSessions, results, r);
    }

    /** The lines a person reads: the outcome first, then each breach and warning. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        String head = "canary " + version + ": " + outcome + (severity == Severity.NONE ? "" : " (" + severity.label() + ")")
                + ", " + sessionCount() + " sessions in " + window;
        lines.add(head);
        if (outcome == Outcome.INSUFFICIENT_DATA) {
            lines.add("  fewer than " + minSessions + " sessions: not enough data to judge; do not promote yet");
        }
        for (KpiResult r : results) {
            String tag = switch (r.level()) {
                case CRITICAL -> "  FAIL  ";
                case WARNING -> "  WARN  ";
                case SKIPPED -> "  SKIP  ";
                case OK -> "  ok    ";
            };
            lines.add(tag + r.describe());
        }
        if (rollback != null) {
            lines.add((rollback.performed() ? "  rolled back: " : "  ROLLBACK FAILED: ") + rollback.detail());
        }
        return lines;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("version", version);
        m.put("baselineVersion", baselineVersion);
        m.put("window", window);
        m.put("evaluatedAt", evaluatedAt.toString());
        m.put("metrics", metrics);
        m.put("outcome", outcome.name());
        m.put("severity", severity.label());
        m.put("sessions", sessionCount());
        m.put("minSessions", minSessions);
        m.put("kpis", results.stream().map(KpiResult::toJson).toList());
        m.put("breaches", breaches().stream().map(KpiResult::describe).toList());
        m.put("warnings", warnings().stream().map(KpiResult::describe).toList());
        if (rollback != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("performed", rollback.performed());
            r.put("detail", rollback.detail());
            m.put("rollback", r);
        }
        return m;
    }

    public byte[] toCanonicalJson() {
        return CanonicalJson.bytes(toJson());
    }
}
