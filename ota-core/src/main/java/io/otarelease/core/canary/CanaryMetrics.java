package io.otarelease.core.canary;

import java.util.List;

/**
 * The metric names a fleet exposes on {@code /metrics} and the canary, the alert rules
 * ({@code resources/prometheus/ota-alerts.yml}) and the dashboard ({@code resources/grafana/ota-dashboard.json})
 * read. Every series carries {@value #VERSION} (the bundle version). Durations are histograms with
 * {@link #DURATION_BUCKETS}; the seed's {@code {quantile}} summaries cannot be combined across instances or windows.
 * README's "Canary metrics" section documents the same list; a test keeps them in step.
 */
public final class CanaryMetrics {
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
    /** Counter: backend API calls made by the app. */
    public static final String API_REQUESTS = "ota_api_requests_total";
    /** Counter: of those, HTTP 4xx/5xx answers. */
    public static final String API_ERRORS = "ota_api_errors_total";

    public static final String STATUS = "status";
    public static final String SUCCESS = "success";
    public static final String FAILURE = "failure";

    public static final List<String> ALL = List.of(ACTIVE_VERSION, DOWNLOADS, DOWNLOAD_DURATION, INSTALL_DURATION,
            SIGNATURE_FAILURES, SESSIONS, CRASHED_SESSIONS, JS_ERROR_SESSIONS, LOAD_DURATION, API_REQUESTS, API_ERRORS);

    /** Upper bounds (seconds) of every duration histogram: they include each KPI level, so p95 is judged exactly there. */
    public static final List<Double> DURATION_BUCKETS = List.of(0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 7.0, 8.0, 10.0, 15.0, 20.0,
            30.0, 60.0);

    private CanaryMetrics() {
    }
}
