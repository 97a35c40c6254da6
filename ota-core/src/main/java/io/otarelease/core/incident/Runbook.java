package io.otarelease.core.incident;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.Kpi;
import io.otarelease.core.canary.KpiResult;
import io.otarelease.core.canary.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * The runbook's decision tree, walked with what is known:
 * <ol>
 *   <li>crash-free rate below 98% (or any signature failure: a possible breach)? → immediate rollback (SEV-1);</li>
 *   <li>JS error rate more than 2 points above the baseline? → rollback within 1 hour (SEV-2);</li>
 *   <li>cosmetic / low impact? → hotfix in the next OTA cycle (SEV-3); otherwise escalate to the engineering lead.</li>
 * </ol>
 * The third question is for a person: a machine only knows that something else was breached.
 */
public final class Runbook {
    /** The outcome: severity, what to do, within how long, and the answers that led there. */
    public record Decision(String severity, String action, String respondWithin, List<String> path) {
        public Decision {
            path = List.copyOf(path);
        }
    }

    private Runbook() {
    }

    public static final String SEV1 = "SEV-1";
    public static final String SEV2 = "SEV-2";
    public static final String SEV3 = "SEV-3";

    public static String checkSeverity(String s) {
        if (!SEV1.equals(s) && !SEV2.equals(s) && !SEV3.equals(s)) {
            throw new OtaException.BadInput("--severity must be SEV-1, SEV-2 or SEV-3 but is \"" + s + "\"");
        }
        return s;
    }

    /** For an incident a person opened with a severity they chose. */
    public static Decision forSeverity(String severity, String actor) {
        String path = "severity " + checkSeverity(severity) + " set by " + actor;
        return switch (severity) {
            case SEV1 -> new Decision(SEV1, "Immediate rollback; page on-call; notify executives", "15 minutes",
                    List.of(path));
            case SEV2 -> new Decision(SEV2, "Rollback within 1 hour; on-call investigates", "1 hour", List.of(path));
            default -> new Decision(SEV3, "Hotfix in the next OTA cycle; no rollback", "4 hours", List.of(path));
        };
    }

    /** Walks the tree with a canary's results. */
    public static Decision fromVerdict(Verdict v) {
        List<String> path = new ArrayList<>();
        KpiResult crash = find(v, "crash_free_sessions");
        KpiResult sig = find(v, "signature_failures");
        boolean crashCritical = crash != null && crash.level() == Kpi.Level.CRITICAL;
        boolean sigCritical = sig != null && sig.level() == Kpi.Level.CRITICAL;
        path.add("1. crash-free rate < 98%? " + (crashCritical ? "YES (" + crash.describe() + ")"
                : crash == null || crash.value() == null ? "unknown (not measured)" : "no (" + KpiResult.format(crash.value()) + "%)"));
        if (sigCritical) {
            path.add("   signature failures: " + sig.describe() + " — a possible security breach");
        }
        if (crashCritical || sigCritical) {
            return new Decision(SEV1, "Immediate rollback; page on-call; notify executives", "15 minutes", path);
        }
        String sev = v.severity().label();
        KpiResult js = find(v, "js_error_rate");
        boolean jsAbove = SEV2.equals(sev);
        path.add("2. JS error rate > 2 points above baseline? " + (jsAbove ? "YES" : "no")
                + (js == null || js.value() == null ? "" : " (" + KpiResult.format(js.value()) + "%"
                + (js.baseline() == null ? ", no baseline version given" : ", baseline " + KpiResult.format(js.baseline()) + "%")
                + ")"));
        if (jsAbove) {
            return new Decision(SEV2, "Rollback within 1 hour; on-call investigates", "1 hour", path);
        }
        path.add("3. cosmetic / low impact? a person decides: "
                + String.join("; ", v.breaches().stream().map(KpiResult::describe).toList()));
        return new Decision(SEV3, "Hotfix in the next OTA cycle if cosmetic; otherwise escalate to the engineering lead",
                "4 hours", path);
    }

    private static KpiResult find(Verdict v, String name) {
        return v.results().stream().filter(r -> r.kpi().name().equals(name)).findFirst().orElse(null);
    }
}
