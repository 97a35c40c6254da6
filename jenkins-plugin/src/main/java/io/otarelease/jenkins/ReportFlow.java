package io.otarelease.jenkins;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.MetricSources;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.report.AdoptionReport;
import io.otarelease.core.report.Rollup;
import io.otarelease.core.report.WeeklyReport;
import io.otarelease.core.store.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code otaReport} does, Jenkins-free: ota-core's weekly rollup ({@code ota report weekly}) from the production
 * store's registry, audit log and incident records and the profile's metric source, as text and HTML.
 */
public final class ReportFlow {
    private ReportFlow() {
    }

    /**
     * @param since first day (UTC, yyyy-MM-dd); null: seven days before {@code until}
     * @param until last day, inclusive; null: yesterday
     */
    public static Map<String, Object> weekly(ControllerStores stores, ReleaseTarget t, String since, String until,
                                             Clock clock, PrintStream log) throws IOException {
        String fn = OtaReportStep.FUNCTION_NAME;
        String appId = t.requireAppId(fn);
        LocalDate to = until == null ? LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1)
                : date(until, "until");
        LocalDate from = since == null ? to.minusDays(6) : date(since, "since");
        if (from.isAfter(to)) {
            throw new OtaException.BadInput(fn + " since: (" + from + ") is after until: (" + to + ")");
        }
        Thresholds thresholds = t.thresholdsContent() == null ? Thresholds.defaults()
                : ReleaseFlow.thresholds(t.thresholdsContent().getBytes(StandardCharsets.UTF_8),
                "the profile's thresholds content");
        try (Store prod = stores.open(Overrides.PRODUCTION_STORE, t.requireStore("production", fn), t.s3())) {
            Rollup r = new WeeklyReport(prod, appId, new StoreRegistry(prod, appId),
                    t.metricsSource() == null ? null : MetricSources.parse(t.metricsSource(), Duration.ofSeconds(10)),
                    thresholds, clock).build(from, to);
            log.println(fn + ": weekly rollup of " + appId + " " + from + " to " + to + ", " + r.sources().size()
                    + " sources" + (t.metricsSource() == null ? " (no metrics source on the profile: KPIs n/a)" : ""));
            return result(appId, from, to, r);
        }
    }

    /** What {@code otaReport} returns (also what the shared library's tests answer for it). */
    public static Map<String, Object> result(String appId, LocalDate from, LocalDate to, Rollup r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("appId", appId);
        m.put("since", from.toString());
        m.put("until", to.toString());
        m.put("subject", r.subject());
        m.put("text", r.text());
        m.put("html", r.html());
        return m;
    }

    /**
     * {@code otaAdoption}: the share of active devices on {@code version} 1 h, 24 h and 72 h after its release
     * against the operations guide's targets (20%, 80%, 95%), from the profile's Prometheus
     * ({@code ota report adoption}). A milestone still ahead has percent null and met false.
     *
     * @param releasedAt null: when a device first reported the version (within 7 days)
     */
    public static Map<String, Object> adoption(ReleaseTarget t, String version, Instant releasedAt, Clock clock,
                                               PrintStream log) {
        String fn = OtaAdoptionStep.FUNCTION_NAME;
        String metrics = t.metricsSource();
        if (metrics == null || !metrics.startsWith("prometheus:")) {
            throw new OtaException.BadInput(fn + " reads ota_active_version from Prometheus: set the profile's "
                    + "metricsSource to prometheus:URL" + (metrics == null ? "" : " (it is " + metrics + ")"));
        }
        AdoptionReport.Result r = new AdoptionReport(MetricSources.prometheus(metrics, MetricSources.DEFAULT_TIMEOUT),
                clock).run(version, releasedAt, Duration.ofDays(7));
        List<Map<String, Object>> readings = new ArrayList<>();
        for (AdoptionReport.Reading reading : r.readings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("after", reading.milestone().after().toHours() + " h");
            m.put("targetPercent", reading.milestone().targetPercent());
            m.put("at", reading.at().toString());
            m.put("percent", reading.percent());
            m.put("met", reading.met());
            readings.add(m);
            log.println(fn + ": " + version + " after " + m.get("after") + ": " + (reading.percent() == null
                    ? "not yet (" + reading.at() + ")" : String.format(Locale.ROOT, "%.1f%% of active devices, "
                    + "target %.0f%%: %s", reading.percent(), reading.milestone().targetPercent(),
                    reading.met() ? "met" : "MISSED")));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", r.version());
        m.put("releasedAt", r.releasedAt().toString());
        m.put("releaseFound", r.releaseFound());
        m.put("nowPercent", r.nowPercent());
        m.put("readings", readings);
        return m;
    }

    private static LocalDate date(String s, String field) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new OtaException.BadInput(OtaReportStep.FUNCTION_NAME + " " + field + ": must be a date like "
                    + "2026-03-23, not '" + s + "'");
        }
    }
}
