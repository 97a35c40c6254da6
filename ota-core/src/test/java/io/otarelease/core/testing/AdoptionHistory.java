package io.otarelease.core.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A real Prometheus holding 80 hours of {@code ota_active_version} after a release: 1,000 devices moving from
 * {@code oldVersion} to {@code newVersion} at 1% on release, 25% after 1 h, 85% after 24 h and 93% after 72 h, so
 * the seed's 72-hour target (95%) is missed. Used by the engine's adoption report and the Jenkins step alike.
 */
public final class AdoptionHistory {
    /** The last sample, an hour before the current hour (Prometheus refuses samples from the future). */
    public static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
    public static final Instant RELEASE = NOW.minus(80, ChronoUnit.HOURS);
    static final int DEVICES = 1000;

    private AdoptionHistory() {
    }

    /** The new version's share of the devices, in percent, {@code hours} after the release. */
    static double share(double hours) {
        double[][] knots = {{0, 1}, {1, 25}, {24, 85}, {72, 93}, {80, 94}};
        for (int i = 1; i < knots.length; i++) {
            if (hours <= knots[i][0]) {
                double[] a = knots[i - 1];
                double[] b = knots[i];
                return a[1] + (b[1] - a[1]) * (hours - a[0]) / (b[0] - a[0]);
            }
        }
        return 94;
    }

    /** Starts Prometheus on this history, sampled every 5 minutes from two hours before the release. */
    public static PrometheusServer start(Path dir, String oldVersion, String newVersion) throws Exception {
        RealParts.require(PrometheusServer.available(), "prometheus and promtool (Debian package prometheus)");
        FleetMetricsHistory h = new FleetMetricsHistory();
        for (Instant t = RELEASE.minus(2, ChronoUnit.HOURS); !t.isAfter(NOW); t = t.plus(5, ChronoUnit.MINUTES)) {
            double hours = Duration.between(RELEASE, t).toSeconds() / 3600.0;
            double onNew = t.isBefore(RELEASE) ? 0 : DEVICES * share(hours) / 100;
            h.activeDevices(oldVersion, DEVICES - onNew, t);
            if (!t.isBefore(RELEASE)) {
                h.activeDevices(newVersion, onNew, t);
            }
        }
        return PrometheusServer.start(dir, h.openMetrics());
    }
}
