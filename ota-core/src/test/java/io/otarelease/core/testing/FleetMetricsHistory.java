package io.otarelease.core.testing;

import io.otarelease.core.canary.CanaryMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the history a fleet's {@code /metrics} would have given Prometheus, in OpenMetrics text for
 * {@code promtool tsdb create-blocks-from openmetrics}, with the metric names README documents (the ones the fleet
 * simulator exposes, {@link CanaryMetrics}). One sample a minute; counters cumulative, durations as histograms.
 */
public final class FleetMetricsHistory {

    /** How one version behaves per minute. Rates are percentages; durations are seconds. */
    public record VersionBehaviour(String version, double sessionsPerMinute, double crashPercent, double jsErrorPercent,
                                   double loadSeconds, double downloadSuccessPercent, double downloadSeconds,
                                   double installSeconds, double signatureFailuresPerMinute, double apiErrorPercent) {
        public static VersionBehaviour healthy(String version, double sessionsPerMinute) {
            return new VersionBehaviour(version, sessionsPerMinute, 0.2, 0.1, 1.5, 99.5, 2.5, 1.5, 0, 1.0);
        }

        public VersionBehaviour withCrashPercent(double p) {
            return new VersionBehaviour(version, sessionsPerMinute, p, jsErrorPercent, loadSeconds, downloadSuccessPercent,
                    downloadSeconds, installSeconds, signatureFailuresPerMinute, apiErrorPercent);
        }

        public VersionBehaviour withJsErrorPercent(double p) {
            return new VersionBehaviour(version, sessionsPerMinute, crashPercent, p, loadSeconds, downloadSuccessPercent,
                    downloadSeconds, installSeconds, signatureFailuresPerMinute, apiErrorPercent);
        }

        public VersionBehaviour withApiErrorPercent(double p) {
            return new VersionBehaviour(version, sessionsPerMinute, crashPercent, jsErrorPercent, loadSeconds,
                    downloadSuccessPercent, downloadSeconds, installSeconds, signatureFailuresPerMinute, p);
        }

        public VersionBehaviour withSignatureFailuresPerMinute(double n) {
            return new VersionBehaviour(version, sessionsPerMinute, crashPercent, jsErrorPercent, loadSeconds,
                    downloadSuccessPercent, downloadSeconds, installSeconds, n, apiErrorPercent);
        }
    }

    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, List<String>> lines = new LinkedHashMap<>();

    /** Adds {@code minutes} minutes of {@code b} ending at {@code end}. */
    public FleetMetricsHistory version(VersionBehaviour b, Instant end, int minutes) {
        String v = "version=\"" + b.version() + "\"";
        for (int i = 0; i <= minutes; i++) {
            long t = end.getEpochSecond() - (long) (minutes - i) * 60;
            double sessions = b.sessionsPerMinute() * i;
            double downloads = Math.max(1, b.sessionsPerMinute() / 10) * i;
            double api = b.sessionsPerMinute() * 5 * i;
            counter("ota_sessions", v, sessions, t);
            counter("ota_crashed_sessions", v, sessions * b.crashPercent() / 100, t);
            counter("ota_js_error_sessions", v, sessions * b.jsErrorPercent() / 100, t);
            counter("ota_download", v + ",status=\"success\"", downloads * b.downloadSuccessPercent() / 100, t);
            counter("ota_download", v + ",status=\"failure\"", downloads * (100 - b.downloadSuccessPercent()) / 100, t);
            counter("ota_signature_failures", v, b.signatureFailuresPerMinute() * i, t);
            counter("ota_api_requests", v, api, t);
            counter("ota_api_errors", v, api * b.apiErrorPercent() / 100, t);
            histogram("ota_load_duration_seconds", v, sessions, b.loadSeconds(), t);
            histogram("ota_download_duration_seconds", v, downloads, b.downloadSeconds(), t);
            histogram("ota_install_duration_seconds", v, downloads, b.installSeconds(), t);
        }
        return this;
    }

    /** One sample of the {@code ota_active_version} gauge (devices running {@code version}). */
    public FleetMetricsHistory activeDevices(String version, double devices, Instant at) {
        add("ota_active_version", "gauge", "ota_active_version{version=\"" + version + "\"} " + num(devices) + " "
                + at.getEpochSecond());
        return this;
    }

    public String openMetrics() {
        StringBuilder out = new StringBuilder();
        types.forEach((family, type) -> {
            out.append("# TYPE ").append(family).append(' ').append(type).append('\n');
            lines.get(family).forEach(l -> out.append(l).append('\n'));
        });
        return out.append("# EOF\n").toString();
    }

    private void counter(String family, String labels, double value, long t) {
        add(family, "counter", family + "_total{" + labels + "} " + num(value) + " " + t);
    }

    private void histogram(String family, String labels, double count, double each, long t) {
        for (double le : CanaryMetrics.DURATION_BUCKETS) {
            add(family, "histogram", family + "_bucket{" + labels + ",le=\"" + num(le) + "\"} " + num(each <= le ? count : 0) + " " + t);
        }
        add(family, "histogram", family + "_bucket{" + labels + ",le=\"+Inf\"} " + num(count) + " " + t);
        add(family, "histogram", family + "_count{" + labels + "} " + num(count) + " " + t);
        add(family, "histogram", family + "_sum{" + labels + "} " + num(count * each) + " " + t);
    }

    private void add(String family, String type, String line) {
        types.putIfAbsent(family, type);
        lines.computeIfAbsent(family, f -> new ArrayList<>()).add(line);
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.4f", d);
    }
}
