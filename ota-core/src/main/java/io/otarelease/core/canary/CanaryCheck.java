package io.otarelease.core.canary;

import io.otarelease.core.OtaException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a version's KPIs from a metric source and decides PASS, FAIL or INSUFFICIENT_DATA, with a severity from
 * the runbook's decision tree. Sessions are counted first: below the minimum nothing else is judged (silence never
 * promotes). Every KPI is then read at the same instant; a source error aborts the whole check with
 * {@link OtaException.Infrastructure} — no partial verdict, never a PASS.
 */
public final class CanaryCheck {
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._+-]{0,63}");

    private final MetricSource source;
    private final Thresholds thresholds;
    private final Clock clock;

    public CanaryCheck(MetricSource source, Thresholds thresholds, Clock clock) {
        this.source = source;
        this.thresholds = thresholds;
        this.clock = clock;
    }

    /** One check. {@code baselineVersion} may be null (KPIs compared with a baseline are then skipped). */
    public record Request(String version, String baselineVersion, String window, long minSessions) {
        public Request {
            checkVersion(version, "VERSION");
            if (baselineVersion != null) {
                checkVersion(baselineVersion, "--baseline-version");
                if (baselineVersion.equals(version)) {
                    throw new OtaException.BadInput("--baseline-version must differ from the version under test ("
                            + version + ")");
                }
            }
            Thresholds.checkWindow(window, "--window");
            if (minSessions < 0) {
                throw new OtaException.BadInput("--min-sessions must be 0 or more");
            }
        }
    }

    public Verdict check(Request request) {
        Instant at = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String v = request.version();
        String w = request.window();
        double sessions = source.value(thresholds.sessions(), v, w, at);
        if (sessions < request.minSessions()) {
            return new Verdict(Verdict.Outcome.INSUFFICIENT_DATA, Severity.NONE, v, request.baselineVersion(), w, at,
                    source.describe(), sessions, request.minSessions(), List.of(), null);
        }
        List<KpiResult> results = new ArrayList<>();
        Double jsBaseline = null;
        for (Kpi kpi : thresholds.kpis()) {
            double value = source.value(kpi, v, w, at);
            Double baseline = null;
            boolean wantsBaseline = kpi.breachWhen() == Kpi.Breach.DEVIATES || kpi.name().equals("js_error_rate");
            if (wantsBaseline && request.baselineVersion() != null) {
                baseline = source.value(kpi, request.baselineVersion(), w, at);
            }
            if (kpi.name().equals("js_error_rate")) {
                jsBaseline = baseline;
            }
            if (kpi.breachWhen() == Kpi.Breach.DEVIATES) {
                if (baseline == null) {
                    results.add(new KpiResult(kpi, value, null, Kpi.Level.SKIPPED,
                            "needs --baseline-version"));
                } else {
                    results.add(new KpiResult(kpi, value, baseline, kpi.levelOf(Math.abs(value - baseline)), null));
                }
            } else {
                results.add(new KpiResult(kpi, value, baseline, kpi.levelOf(value), null));
            }
        }
        boolean failed = results.stream().anyMatch(r -> r.level() == Kpi.Level.CRITICAL);
        return new Verdict(failed ? Verdict.Outcome.FAIL : Verdict.Outcome.PASS, Severity.of(results, jsBaseline), v,
                request.baselineVersion(), w, at, source.describe(), sessions, request.minSessions(), results, null);
    }

    /**
     * A check that calls {@code rollback} when it FAILs. A rollback that throws is recorded in the verdict (not
     * performed, with the reason) rather than lost: the caller writes the verdict, then reports the failure.
     */
    public Verdict checkAndRollBack(Request request, RollbackHook rollback) {
        Verdict verdict = check(request);
        if (verdict.outcome() != Verdict.Outcome.FAIL) {
            return verdict;
        }
        try {
            return verdict.withRollback(new Verdict.RollbackOutcome(true, rollback.rollBack(request.version(), verdict)));
        } catch (OtaException e) {
            return verdict.withRollback(new Verdict.RollbackOutcome(false, e.getMessage()));
        }
    }

    /** Refuses anything but a plain release version, so it is safe in a query, a URL, a file name or a chart. */
    public static void checkVersion(String version, String where) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new OtaException.BadInput(where + " must be a release version (letters, digits, '.', '_', '+', '-'; "
                    + "at most 64) but is '" + version + "'");
        }
    }
}
