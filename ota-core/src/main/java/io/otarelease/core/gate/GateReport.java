package io.otarelease.core.gate;

import java.nio.file.Path;
import java.util.List;

/** The results of every gate on one bundle, and the human summary printed on stdout. */
public record GateReport(Path bundle, List<GateResult> results) {
    /** At most this many findings per gate are printed; JUnit and SARIF carry them all. */
    static final int PRINTED_FINDINGS = 20;

    public GateReport {
        results = List.copyOf(results);
    }

    public boolean passed() {
        return results.stream().noneMatch(GateResult::failed);
    }

    public long failedCount() {
        return results.stream().filter(GateResult::failed).count();
    }

    public List<Finding> findings() {
        return results.stream().flatMap(r -> r.findings().stream()).toList();
    }

    /** A few lines per gate, the blocking findings with their place, and a verdict line. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("ota gate ").append(bundle).append('\n');
        for (GateResult r : results) {
            sb.append(String.format("  %-4s  %-12s %s%n", r.status(), r.gate(), r.summary()));
            List<Finding> blocking = r.blockingFindings();
            for (Finding f : blocking.stream().limit(PRINTED_FINDINGS).toList()) {
                sb.append(String.format("          %s  [%s] %s%n", f.location(), f.rule(), f.message()));
            }
            if (blocking.size() > PRINTED_FINDINGS) {
                sb.append(String.format("          ... and %d more (see --junit / --sarif)%n",
                        blocking.size() - PRINTED_FINDINGS));
            }
            List<Finding> warnings = r.findings().stream().filter(Finding::warning).toList();
            for (Finding f : warnings.stream().limit(PRINTED_FINDINGS).toList()) {
                sb.append(String.format("          warning: %s  [%s] %s%n", f.location(), f.rule(), f.message()));
            }
            if (warnings.size() > PRINTED_FINDINGS) {
                sb.append(String.format("          ... and %d more warnings (see --junit / --sarif)%n",
                        warnings.size() - PRINTED_FINDINGS));
            }
            for (Finding f : r.findings()) {
                if (f.allowedBy() != null) {
                    sb.append(String.format("          allowed until %s: %s  [%s] (%s)%n", f.allowedBy().expires(),
                            f.location(), f.rule(), f.allowedBy().justification()));
                }
            }
            if (r.failed()) {
                r.details().forEach(d -> sb.append("          ").append(d).append('\n'));
            }
        }
        sb.append(passed() ? "PASSED: every gate passed\n"
                : String.format("FAILED: %d of %d gates failed%n", failedCount(), results.size()));
        return sb.toString();
    }
}
