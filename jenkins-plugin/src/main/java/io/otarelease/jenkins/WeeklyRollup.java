package io.otarelease.jenkins;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.MetricSources;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.report.Rollup;
import io.otarelease.core.report.WeeklyReport;
import io.otarelease.core.store.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code otaReport} on the controller: ota-core's weekly rollup ({@code ota report weekly}) from the production
 * store's registry, audit log and incident records and the profile's metric source, as text and HTML.
 */
public final class WeeklyRollup {
    private WeeklyRollup() {
    }

    /** The rollup of {@code since}..{@code until} (inclusive). */
    public record Result(String appId, LocalDate since, LocalDate until, Rollup rollup) {
        /** What {@code otaReport} returns (also what the shared library's tests answer for it). */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("appId", appId);
            m.put("since", since.toString());
            m.put("until", until.toString());
            m.put("subject", rollup.subject());
            m.put("text", rollup.text());
            m.put("html", rollup.html());
            return m;
        }
    }

    /**
     * @param since first day (UTC, yyyy-MM-dd); null: seven days before {@code until}
     * @param until last day, inclusive; null: yesterday
     */
    public static Result run(StepTarget where, String since, String until, Clock clock, PrintStream log)
            throws IOException {
        String fn = where.step();
        ReleaseTarget t = where.target();
        String appId = where.appId();
        LocalDate to = until == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1)
                : date(fn, until, "until");
        LocalDate from = since == null ? to.minusDays(6) : date(fn, since, "since");
        if (from.isAfter(to)) {
            throw new OtaException.BadInput(fn + " since: (" + from + ") is after until: (" + to + ")");
        }
        Thresholds thresholds = t.thresholdsContent() == null ? Thresholds.defaults()
                : CanaryProbe.thresholds(t.thresholdsContent().getBytes(StandardCharsets.UTF_8),
                "the profile's thresholds content");
        try (Store prod = where.openProduction()) {
            Rollup r = new WeeklyReport(prod, appId, new StoreRegistry(prod, appId),
                    t.metricsSource() == null ? null : MetricSources.parse(t.metricsSource(), Duration.ofSeconds(10)),
                    thresholds, clock).build(from, to);
            log.println(fn + ": weekly rollup of " + appId + " " + from + " to " + to + ", " + r.sources().size()
                    + " sources" + (t.metricsSource() == null ? " (no metrics source on the profile: KPIs n/a)" : ""));
            return new Result(appId, from, to, r);
        }
    }

    private static LocalDate date(String step, String s, String field) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new OtaException.BadInput(step + " " + field + ": must be a date like 2026-03-23, not '" + s + "'");
        }
    }
}
