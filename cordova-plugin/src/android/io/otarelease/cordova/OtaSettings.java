package io.otarelease.cordova;

import io.otarelease.client.layout.Names;
import io.otarelease.client.device.CertificatePins;
import io.otarelease.client.device.HttpTransport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
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
    /** Base64 SHA-256 SPKI pins of the CDN's TLS key; empty: not pinned. */
    final List<String> certificatePins;
    /** When the pins stop being enforced; null when there are none. */
    final Instant pinsExpire;


    private OtaSettings(CordovaPreferences p) {
        this.updateUrl = updateUrl(required(p, "OtaUpdateUrl"));
        this.appId = matching(required(p, "OtaAppId"), "OtaAppId", Names.APP_ID,
                "the app id of the store (letters, digits, '.', '_', '-'; at most 128), as in com.example.shop");
        this.channel = matching(p.getString("OtaChannel", "production").trim(), "OtaChannel", Names.CHANNEL,
                "a channel name (lower case letters, digits, '.', '_', '-'; at most 64), as in production or beta");
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
        this.certificatePins = pins(p.getString("OtaCertificatePins", ""));
        this.pinsExpire = pinsExpire(p.getString("OtaCertificatePinsExpire", ""), !certificatePins.isEmpty());
    }

    /** The pins as ota-client enforces them, or null when the app pins nothing. */
    CertificatePins pins(Clock clock) {
        return certificatePins.isEmpty() ? null : new CertificatePins(certificatePins, pinsExpire, clock);
    }

    private static List<String> pins(String value) {
        List<String> out = new ArrayList<>();
        for (String pin : value.split("[,\\s]+")) {
            if (pin.isEmpty()) {
                continue;
            }
            try {
                new CertificatePins(Collections.singletonList(pin), Instant.EPOCH, Clock.systemUTC());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config.xml: preference OtaCertificatePins: " + e.getMessage()
                        + "; give base64 SHA-256 digests of the CDN's public key (SPKI), separated by commas");
            }
            out.add(pin);
        }
        return out;
    }

    /** A date (pins end at its start, UTC) or an instant; required with pins, so lost keys cannot block updates. */
    private static Instant pinsExpire(String value, boolean pinned) {
        String v = value.trim();
        if (v.isEmpty()) {
            if (pinned) {
                throw new IllegalArgumentException("config.xml: preference OtaCertificatePinsExpire is missing: with "
                        + "OtaCertificatePins, set the date after which the pins are no longer enforced (e.g. "
                        + "2027-06-30), so a lost key cannot stop updates for ever");
            }
            return null;
        }
        if (!pinned) {
            throw new IllegalArgumentException("config.xml: preference OtaCertificatePinsExpire is set but "
                    + "OtaCertificatePins is empty; set both or neither");
        }
        try {
            return v.length() == 10 ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(v);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("config.xml: preference OtaCertificatePinsExpire must be a date like "
                    + "2027-06-30 (or an instant like 2027-06-30T00:00:00Z), not \"" + v + "\"");
        }
    }

    static OtaSettings read(CordovaPreferences preferences) {
        return new OtaSettings(preferences);
    }

    private static String matching(String value, String name, Pattern rule, String what) {
        if (!rule.matcher(value).matches()) {
            throw new IllegalArgumentException("config.xml: preference " + name + " must be " + what + ", not \""
                    + value + "\"");
        }
        return value;
    }

    private static String required(CordovaPreferences p, String name) {
        String v = p.getString(name, null);
        if (v == null || v.trim().isEmpty()) {
            throw new IllegalArgumentException("config.xml: preference " + name + " is missing (see docs/cordova.md)");
        }
        return v.trim();
    }

    /**
     * https only; plain http is accepted for a loopback host (127.0.0.0/8, ::1, localhost: a local `ota serve`
     * during development). The transport refuses anything else too ({@code INSECURE_URL}).
     */
    private static URI updateUrl(String value) {
        URI u;
        try {
            u = URI.create(value.endsWith("/") ? value : value + "/");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config.xml: preference OtaUpdateUrl \"" + value + "\" is not a URL");
        }
        if (!"https".equals(u.getScheme()) && !("http".equals(u.getScheme()) && HttpTransport.loopback(u))) {
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
