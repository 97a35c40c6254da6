package io.otarelease.cordova;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * Values as docs/telemetry.md allows them. The page's reports are checked here field by field: one value out of
 * range would make the collector refuse the whole batch it travels in, with everyone else's events.
 */
final class TelemetryValues {
    static final double MAX_SECONDS = 3600;
    static final int MAX_ERRORS = 1_000_000;

    private TelemetryValues() {
    }

    /** The page's {@code ready}: launch (or reload) to the ready() call, and First Contentful Paint if painted. */
    static JSONObject ready(JSONObject page, Instant launchedAt, Instant received) throws JSONException {
        double since = clamp(page.optDouble("sinceReadySeconds", 0));
        Instant readyAt = received.minusMillis((long) (since * 1000));
        JSONObject r = new JSONObject().put("ttiSeconds", seconds(Duration.between(launchedAt, readyAt)));
        double fcp = page.optDouble("fcpSeconds", Double.NaN);
        if (!Double.isNaN(fcp)) {
            r.put("fcpSeconds", round(clamp(fcp)));
        }
        return r;
    }

    /** The page's {@code api} for a host config.xml opted in, or null: other hosts are not recorded. */
    static JSONObject api(JSONObject page, List<String> apiHosts) throws JSONException {
        String host = page.optString("host", "").toLowerCase(Locale.ROOT);
        int status = page.optInt("status", -1);
        if (!apiHosts.contains(host) || !(status == 0 || status >= 100 && status <= 599)) {
            return null;
        }
        return new JSONObject().put("status", status).put("seconds", round(clamp(page.optDouble("seconds", 0))));
    }

    /** The contract's nativeVersion: 1-64 printable ASCII characters (a versionName may hold anything). */
    static String printable(String versionName) {
        String v = versionName.trim().replaceAll("[^\\x20-\\x7e]", "_");
        v = v.length() > 64 ? v.substring(0, 64).trim() : v;
        return v.isEmpty() ? "0.0.0" : v;
    }

    static double seconds(Duration d) {
        return round(clamp(d.toMillis() / 1000.0));
    }

    /** The contract's range for seconds: 0 to 3600; anything longer is reported as 3600. */
    static double clamp(double s) {
        return Double.isNaN(s) || s < 0 ? 0 : Math.min(s, MAX_SECONDS);
    }

    static double round(double s) {
        return Math.round(s * 1000) / 1000.0;
    }
}
