package io.otarelease.core.canary;

import java.util.List;

/**
 * The metric names a fleet exposes on {@code /metrics} and the canary, the alert rules
 * ({@code resources/prometheus/ota-alerts.yml}) and the dashboard ({@code resources/grafana/ota-dashboard.json})
 * read. Every series carries {@value #APP}, {@value #CHANNEL} and {@value #VERSION} (the bundle version); the
 * collector ({@code io.otarelease.core.telemetry}) fills them from devices' {@code ota-telemetry/1} batches. Durations are histograms with
 * {@link #DURATION_BUCKETS}; the seed's {@code {quantile}} summaries cannot be combined across instances or windows.
 * README's "Canary metrics" section documents the same list; a test keeps them in step.
 */
public final class CanaryMetrics {
    public static final String APP = "app";
    public static final String CHANNEL = "channel";
    public static final String VERSION = "version";

    /** Gauge: devices currently running the version. */
    public static final String ACTIVE_VERSION = "ota_active_version";
    /** Counter with {@value #STATUS} = {@value #SUCCESS} or {@value #FAILURE}: bundle downloads. */
    public static final String DOWNLOADS = "ota_download_total";
    /** Histogram: client-reported download duration in seconds. */
    public static final String DOWNLOAD_DURATION = "ota_download_duration_seconds";
    /** Histogram: download complete to new bundle active, seconds. */
    public static final String INSTALL_DURATION = "ota_install_duration_seconds";
    /** Counter: manifests or pointers a device refused. */
    public static final String SIGNATURE_FAILURES = "ota_signature_failures_total";
    /** Counter: app sessions started. */
    public static final String SESSIONS = "ota_sessions_total";
    /** Counter: sessions that ended in a crash. */
    public static final String CRASHED_SESSIONS = "ota_crashed_sessions_total";
    /** Counter: sessions with at least one uncaught JS error or unhandled rejection. */
    public static final String JS_ERROR_SESSIONS = "ota_js_error_sessions_total";
    /** Histogram: launch to interactive (the page's "ready" call), seconds. */
    public static final String LOAD_DURATION = "ota_load_duration_seconds";
    /** Histogram: the WebView's First Contentful Paint, seconds. */
    public static final String FIRST_CONTENTFUL_PAINT = "ota_first_contentful_paint_seconds";
    /** Counter with {@value #STATUS} = ok, none or failed: update checks by their outcome. */
    public static final String UPDATE_CHECKS = "ota_update_checks_total";
    /** Histogram over {@link #API_BUCKETS}: duration of calls to the app's API hosts, seconds. */
    public static final String API_DURATION = "ota_api_duration_seconds";
    /** Counter: backend API calls made by the app. */
    public static final String API_REQUESTS = "ota_api_requests_total";
    /** Counter: of those, HTTP 4xx/5xx answers and network errors. */
    public static final String API_ERRORS = "ota_api_errors_total";

    public static final String STATUS = "status";
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    public static final List<String> ALL = List.of(ACTIVE_VERSION, DOWNLOADS, DOWNLOAD_DURATION, INSTALL_DURATION,
            SIGNATURE_FAILURES, SESSIONS, CRASHED_SESSIONS, JS_ERROR_SESSIONS, LOAD_DURATION, API_REQUESTS, API_ERRORS,
            FIRST_CONTENTFUL_PAINT, UPDATE_CHECKS, API_DURATION);

    /** Upper bounds (seconds) of every duration histogram: they include each KPI level, so p95 is judged exactly there. */
    public static final List<Double> DURATION_BUCKETS = List.of(0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 7.0, 8.0, 10.0, 15.0, 20.0,
            30.0, 60.0);

    /** Upper bounds (seconds) of the API latency histogram: finer below a second, where API calls live. */
    public static final List<Double> API_BUCKETS = List.of(0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0);

    private CanaryMetrics() {
    }
}
