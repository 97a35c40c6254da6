package io.otarelease.cordova;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.apache.cordova.CordovaPreferences;

/**
 * The plugin's preferences from the app's config.xml (read natively, never from web assets). A bad value fails
 * the plugin's start with a message naming the preference and what to write instead.
 */
final class OtaSettings {
    enum CheckOn { START_AND_RESUME, START, MANUAL }

    final URI updateUrl;
    final String appId;
    final String channel;
    /** An APK asset (outside www/) holding {@code ota-keys/1} trusted keys; null when {@link #trustRoot} is set. */
    final String trustedKeys;
    /** An APK asset (outside www/) holding the {@code ota-root/1} root the app ships; null for fixed keys. */
    final String trustRoot;
    final CheckOn checkOn;
    final Duration readyTimeout;
    final boolean applyImmediately;

    private OtaSettings(CordovaPreferences p) {
        this.updateUrl = updateUrl(required(p, "OtaUpdateUrl"));
        this.appId = required(p, "OtaAppId");
        this.channel = p.getString("OtaChannel", "production");
        this.trustedKeys = assetName(p, "OtaTrustedKeys");
        this.trustRoot = assetName(p, "OtaTrustRoot");
        if ((trustedKeys == null) == (trustRoot == null)) {
            throw new IllegalArgumentException("config.xml: set exactly one of the preferences OtaTrustedKeys (a "
                    + "trusted-keys.json) or OtaTrustRoot (an ota-root/1 root document), naming a file packaged in "
                    + "the APK's assets outside www/ (<resource-file target=\"app/src/main/assets/...\"/>)");
        }
        this.checkOn = checkOn(p.getString("OtaCheckOn", "start,resume"));
        int seconds = p.getInteger("OtaReadyTimeoutSeconds", 10);
        if (seconds <= 0) {
            throw new IllegalArgumentException("config.xml: preference OtaReadyTimeoutSeconds must be a positive "
                    + "number of seconds, not " + seconds);
        }
        this.readyTimeout = Duration.ofSeconds(seconds);
        String apply = p.getString("OtaApply", "next-start").toLowerCase(Locale.ROOT);
        if (!apply.equals("next-start") && !apply.equals("immediate")) {
            throw new IllegalArgumentException("config.xml: preference OtaApply must be next-start or immediate, "
                    + "not \"" + apply + "\"");
        }
        this.applyImmediately = apply.equals("immediate");
    }

    static OtaSettings read(CordovaPreferences preferences) {
        return new OtaSettings(preferences);
    }

    private static String required(CordovaPreferences p, String name) {
        String v = p.getString(name, null);
        if (v == null || v.trim().isEmpty()) {
            throw new IllegalArgumentException("config.xml: preference " + name + " is missing (see docs/cordova.md)");
        }
        return v.trim();
    }

    /** https only; plain http is accepted for a loopback host (a local `ota serve` during development). */
    private static URI updateUrl(String value) {
        URI u;
        try {
            u = URI.create(value.endsWith("/") ? value : value + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config.xml: preference OtaUpdateUrl \"" + value + "\" is not a URL");
        }
        boolean loopback = "127.0.0.1".equals(u.getHost()) || "localhost".equals(u.getHost());
        if (!"https".equals(u.getScheme()) && !("http".equals(u.getScheme()) && loopback)) {
            throw new IllegalArgumentException("config.xml: preference OtaUpdateUrl must be an https:// URL of the "
                    + "app's folder on the CDN (<store root>/<appId>/), not \"" + value + "\"");
        }
        return u;
    }

    /** A plain file name under the APK's assets; never under www/, which the web view serves. */
    private static String assetName(CordovaPreferences p, String name) {
        String v = p.getString(name, null);
        if (v == null || v.trim().isEmpty()) {
            return null;
        }
        v = v.trim();
        if (v.startsWith("/") || v.contains("..") || v.startsWith("www/") || v.contains("\\")) {
            throw new IllegalArgumentException("config.xml: preference " + name + " must name a file in the APK's "
                    + "assets outside www/ (for example ota/trusted-keys.json), not \"" + v + "\"");
        }
        return v;
    }

    private static CheckOn checkOn(String value) {
        switch (value.replace(" ", "").toLowerCase(Locale.ROOT)) {
            case "start,resume":
            case "resume,start":
                return CheckOn.START_AND_RESUME;
            case "start":
                return CheckOn.START;
            case "manual":
                return CheckOn.MANUAL;
            default:
                throw new IllegalArgumentException("config.xml: preference OtaCheckOn must be start,resume, start or "
                        + "manual, not \"" + value + "\"");
        }
    }
}
