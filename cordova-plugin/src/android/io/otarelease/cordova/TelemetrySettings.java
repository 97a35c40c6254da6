package io.otarelease.cordova;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.apache.cordova.CordovaPreferences;

/**
 * Telemetry's preferences from config.xml (read natively: an update cannot redirect telemetry or widen what it
 * records). A bad value fails the plugin's start with a message naming the preference, like {@link OtaSettings}.
 */
final class TelemetrySettings {
    /** Off by the app's config.xml: nothing is recorded or sent, and what an earlier version queued is deleted. */
    final boolean enabled;
    /** The collector's {@code POST /v1/telemetry}. */
    final URI url;
    /** Hosts ({@code host} or {@code host:port}, lowercase) whose API calls the page's fetch/XHR wrapper counts. */
    final List<String> apiHosts;
    /** A resume after at least this long in the background starts a new session; a shorter one continues it. */
    final Duration sessionTimeout;
    /** How often queued events are sent while the app runs. */
    final Duration sendInterval;

    private TelemetrySettings(CordovaPreferences p, URI updateUrl) {
        String on = p.getString("OtaTelemetry", "on").trim().toLowerCase(Locale.ROOT);
        if (!on.equals("on") && !on.equals("off")) {
            throw new IllegalArgumentException("config.xml: preference OtaTelemetry must be on or off, not \"" + on
                    + "\"");
        }
        this.enabled = on.equals("on");
        String url = p.getString("OtaTelemetryUrl", null);
        this.url = url == null || url.trim().isEmpty() ? defaultUrl(updateUrl) : collectorUrl(url.trim());
        this.apiHosts = apiHosts(p.getString("OtaTelemetryApiHosts", ""));
        this.sessionTimeout = Duration.ofSeconds(seconds(p, "OtaTelemetrySessionTimeoutSeconds", 30));
        this.sendInterval = Duration.ofSeconds(seconds(p, "OtaTelemetrySendIntervalSeconds", 60));
    }

    static TelemetrySettings read(CordovaPreferences preferences, URI updateUrl) {
        return new TelemetrySettings(preferences, updateUrl);
    }

    /** The update URL's origin: the same host that serves the store serves {@code ota serve}'s collector. */
    private static URI defaultUrl(URI updateUrl) {
        return URI.create(updateUrl.getScheme() + "://" + updateUrl.getRawAuthority() + "/v1/telemetry");
    }

    /** https only; plain http for a loopback host, as for OtaUpdateUrl. */
    private static URI collectorUrl(String value) {
        URI u;
        try {
            u = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config.xml: preference OtaTelemetryUrl \"" + value + "\" is not a URL");
        }
        boolean loopback = "127.0.0.1".equals(u.getHost()) || "localhost".equals(u.getHost());
        if (u.getHost() == null || !"https".equals(u.getScheme()) && !("http".equals(u.getScheme()) && loopback)) {
            throw new IllegalArgumentException("config.xml: preference OtaTelemetryUrl must be an https:// URL of "
                    + "the collector (for example https://ota.example.com/v1/telemetry), not \"" + value + "\"");
        }
        return u;
    }

    private static List<String> apiHosts(String value) {
        List<String> hosts = new ArrayList<>();
        for (String h : value.split(",")) {
            String host = h.trim().toLowerCase(Locale.ROOT);
            if (host.isEmpty()) {
                continue;
            }
            if (!host.matches("[a-z0-9.-]+(:[0-9]{1,5})?")) {
                throw new IllegalArgumentException("config.xml: preference OtaTelemetryApiHosts must list host names "
                        + "(host or host:port, comma-separated, no scheme or path), not \"" + h.trim() + "\"");
            }
            hosts.add(host);
        }
        return Collections.unmodifiableList(hosts);
    }

    private static int seconds(CordovaPreferences p, String name, int fallback) {
        int s = p.getInteger(name, fallback);
        if (s <= 0) {
            throw new IllegalArgumentException("config.xml: preference " + name + " must be a positive number of "
                    + "seconds, not " + s);
        }
        return s;
    }
}
