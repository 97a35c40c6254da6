package io.otarelease.core.canary;

import java.util.List;

/**
 * Incident severity from the operations guide's runbook decision tree, applied to a canary's results:
 * <ol>
 *   <li>crash-free sessions below their critical level (98%), or any signature failure (a possible security
 *       breach) → SEV-1: immediate rollback, page on-call;</li>
 *   <li>JS error rate more than its critical level (2 points) above the baseline version's, or the API error rate
 *       off its baseline by more than its critical level → SEV-2: rollback within the hour;</li>
 *   <li>any other breach or warning → SEV-3: fix in the next cycle (a person decides whether it is cosmetic);</li>
 *   <li>nothing breached → none.</li>
 * </ol>
 */
public enum Severity {
    NONE("none"), SEV_3("SEV-3"), SEV_2("SEV-2"), SEV_1("SEV-1");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    static Severity of(List<KpiResult> results, Double jsErrorBaseline) {
        for (KpiResult r : results) {
            boolean critical = r.level() == Kpi.Level.CRITICAL;
            if (critical && (r.kpi().name().equals("crash_free_sessions") || r.kpi().name().equals("signature_failures"))) {
                return SEV_1;
            }
        }
        for (KpiResult r : results) {
            if (r.kpi().name().equals("js_error_rate") && r.value() != null) {
                double above = r.value() - (jsErrorBaseline == null ? 0 : jsErrorBaseline);
                if (above > r.kpi().critical()) {
                    return SEV_2;
                }
            }
            if (r.kpi().name().equals("api_error_rate") && r.level() == Kpi.Level.CRITICAL) {
                return SEV_2;
            }
        }
        boolean anything = results.stream().anyMatch(r -> r.level() == Kpi.Level.CRITICAL || r.level() == Kpi.Level.WARNING);
        return anything ? SEV_3 : NONE;
    }
}
