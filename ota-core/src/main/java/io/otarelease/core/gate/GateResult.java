package io.otarelease.core.gate;

import java.util.List;

/**
 * What one gate decided. {@code summary} is one line for the human report; {@code details} are extra lines shown
 * when the gate fails (the largest files, for instance). A skipped gate had no input and decided nothing.
 */
public record GateResult(String gate, Status status, String summary, List<Finding> findings, List<String> details,
        long millis) {
    public enum Status { PASS, FAIL, SKIP }

    public GateResult {
        findings = List.copyOf(findings);
        details = List.copyOf(details);
    }

    /** A gate that passes when none of its findings is blocking. */
    static GateResult of(String gate, String summary, List<Finding> findings, List<String> details) {
        boolean failed = findings.stream().anyMatch(Finding::blocking);
        return new GateResult(gate, failed ? Status.FAIL : Status.PASS, summary, findings, details, 0);
    }

    static GateResult skipped(String gate, String why) {
        return new GateResult(gate, Status.SKIP, why, List.of(), List.of(), 0);
    }

    static GateResult failed(String gate, String summary, List<Finding> findings) {
        return new GateResult(gate, Status.FAIL, summary, findings, List.of(), 0);
    }

    GateResult withMillis(long ms) {
        return new GateResult(gate, status, summary, findings, details, ms);
    }

    public boolean failed() {
        return status == Status.FAIL;
    }

    public List<Finding> blockingFindings() {
        return findings.stream().filter(Finding::blocking).toList();
    }
}
