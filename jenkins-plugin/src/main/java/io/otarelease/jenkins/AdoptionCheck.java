package io.otarelease.jenkins;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.MetricSources;
import io.otarelease.core.report.AdoptionReport;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code otaAdoption}: the share of active devices on a version 1 h, 24 h and 72 h after its release against the
 * operations guide's targets (20%, 80%, 95%), from the profile's Prometheus ({@code ota report adoption}). A
 * milestone still ahead has percent null and met false.
 */
public final class AdoptionCheck {
    private AdoptionCheck() {
    }

    /**
     * @param step the step's name, for messages
     * @param releasedAt null: when a device first reported the version (within 7 days)
     */
    public static AdoptionReport.Result run(String step, ReleaseTarget t, String version, Instant releasedAt,
                                            Clock clock, PrintStream log) {
        String metrics = t.metricsSource();
        if (metrics == null || !metrics.startsWith("prometheus:")) {
            throw new OtaException.BadInput(step + " reads ota_active_version from Prometheus: set the profile's "
                    + "metricsSource to prometheus:URL" + (metrics == null ? "" : " (it is " + metrics + ")"));
        }
        AdoptionReport.Result r = new AdoptionReport(MetricSources.prometheus(metrics, MetricSources.DEFAULT_TIMEOUT),
                clock).run(version, releasedAt, Duration.ofDays(7));
        for (AdoptionReport.Reading reading : r.readings()) {
            log.println(step + ": " + version + " after " + after(reading) + ": " + (reading.percent() == null
                    ? "not yet (" + reading.at() + ")" : String.format(Locale.ROOT, "%.1f%% of active devices, "
                    + "target %.0f%%: %s", reading.percent(), reading.milestone().targetPercent(),
                    reading.met() ? "met" : "MISSED")));
        }
        return r;
    }

    /** How long after the release a milestone is, as the build page and the returned map show it: "24 h". */
    static String after(AdoptionReport.Reading reading) {
        return reading.milestone().after().toHours() + " h";
    }

    /** What {@code otaAdoption} returns. */
    public static Map<String, Object> toMap(AdoptionReport.Result r) {
        List<Map<String, Object>> readings = new ArrayList<>();
        for (AdoptionReport.Reading reading : r.readings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("after", after(reading));
            m.put("targetPercent", reading.milestone().targetPercent());
            m.put("at", reading.at().toString());
            m.put("percent", reading.percent());
            m.put("met", reading.met());
            readings.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", r.version());
        m.put("releasedAt", r.releasedAt().toString());
        m.put("releaseFound", r.releaseFound());
        m.put("nowPercent", r.nowPercent());
        m.put("readings", readings);
        return m;
    }
}
