package io.otarelease.core.report;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.CanaryCheck;
import io.otarelease.core.canary.PrometheusClient;
import io.otarelease.core.canary.PrometheusSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How fast a version spread: the share of active devices running it ({@code ota_active_version}) 1 h, 24 h and
 * 72 h after its release, against the operations guide's adoption targets, and the curve for a chart.
 * The release time is given, or found as the first moment a device reported the version (to 15 s).
 */
public final class AdoptionReport {
    /** One milestone of the guide's adoption table. */
    public record Milestone(Duration after, double targetPercent) {
    }

    /** The guide's targets: 20% of active users after 1 h, 80% after 24 h, 95% after 72 h. */
    public static final List<Milestone> TARGETS = List.of(new Milestone(Duration.ofHours(1), 20),
            new Milestone(Duration.ofHours(24), 80), new Milestone(Duration.ofHours(72), 95));

    static final String SHARE = "100 * sum(ota_active_version{version=\"$version\"}) / sum(ota_active_version)";
    private static final int MAX_POINTS = 1000;

    /** A milestone's outcome: {@code percent} is null while the milestone is still in the future. */
    public record Reading(Milestone milestone, Instant at, Double percent) {
        public boolean met() {
            return percent != null && percent >= milestone.targetPercent();
        }
    }

    /** A point of the curve: hours since release and percent of active devices. */
    public record Point(double hours, double percent) {
    }

    /** The whole report. {@code releaseFound} is true when the release time was found in the data, not given. */
    public record Result(String version, Instant releasedAt, boolean releaseFound, Instant now, double nowPercent,
                         List<Reading> readings, List<Point> curve) {
    }

    private final PrometheusClient prometheus;
    private final Clock clock;

    public AdoptionReport(PrometheusClient prometheus, Clock clock) {
        this.prometheus = prometheus;
        this.clock = clock;
    }

    /**
     * @param releasedAt when the version was released, or null to find it within {@code lookback}
     */
    public Result run(String version, Instant releasedAt, Duration lookback) {
        CanaryCheck.checkVersion(version, "VERSION");
        Instant now = clock.instant();
        String share = PrometheusSource.render(SHARE, version, "");
        boolean found = releasedAt == null;
        if (found) {
            releasedAt = firstSeen(share, version, now.minus(lookback), now, lookback);
        }
        if (!releasedAt.isBefore(now)) {
            throw new OtaException.BadInput("--released-at " + releasedAt + " is not in the past");
        }
        Duration span = Duration.between(releasedAt, now);
        List<Point> curve = new ArrayList<>();
        for (PrometheusClient.Sample s : onlySeries(prometheus.queryRange(share, releasedAt, now, step(span)))) {
            if (Double.isFinite(s.value())) {
                curve.add(new Point((s.time() - releasedAt.toEpochMilli() / 1000.0) / 3600, s.value()));
            }
        }
        List<Reading> readings = new ArrayList<>();
        for (Milestone m : TARGETS) {
            Instant at = releasedAt.plus(m.after());
            readings.add(new Reading(m, at, at.isAfter(now) ? null : instant(share, at)));
        }
        Double current = instant(share, now);
        return new Result(version, releasedAt, found, now, current == null ? 0 : current, readings, curve);
    }

    /** The first sample with devices on the version: coarse over the lookback, then to 15 s around it. */
    private Instant firstSeen(String share, String version, Instant from, Instant to, Duration lookback) {
        Duration coarse = step(Duration.between(from, to));
        Instant first = firstPositive(prometheus.queryRange(share, from, to, coarse));
        if (first == null) {
            throw new OtaException.BadInput("no active device reported version " + version + " (ota_active_version) in the last "
                    + lookback.toHours() + " h: check the version, or give --released-at");
        }
        Instant from15 = Instant.ofEpochSecond(first.minus(coarse).getEpochSecond() / 15 * 15);
        Instant fine = firstPositive(prometheus.queryRange(share, from15, first, Duration.ofSeconds(15)));
        return fine == null ? first : fine;
    }

    private static Instant firstPositive(List<PrometheusClient.Series> result) {
        for (PrometheusClient.Sample s : onlySeries(result)) {
            if (Double.isFinite(s.value()) && s.value() > 0) {
                return Instant.ofEpochMilli(Math.round(s.time() * 1000));
            }
        }
        return null;
    }

    private Double instant(String share, Instant at) {
        List<PrometheusClient.Series> r = prometheus.query(share, at);
        if (r.isEmpty()) {
            return 0.0; // no device reported the version at that moment
        }
        double v = r.get(0).samples().get(0).value();
        if (!Double.isFinite(v)) {
            throw new OtaException.Infrastructure("adoption query returned " + v + " at " + at + ": " + share);
        }
        return v;
    }

    private static List<PrometheusClient.Sample> onlySeries(List<PrometheusClient.Series> result) {
        if (result.size() > 1) {
            throw new OtaException.Infrastructure("adoption query returned " + result.size() + " series where one is needed");
        }
        return result.isEmpty() ? List.of() : result.get(0).samples();
    }

    private static Duration step(Duration span) {
        long seconds = Math.max(15, (span.toSeconds() + MAX_POINTS - 1) / MAX_POINTS);
        return Duration.ofSeconds(seconds);
    }
}
