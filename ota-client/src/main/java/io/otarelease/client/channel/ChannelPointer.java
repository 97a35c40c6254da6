package io.otarelease.client.channel;

import io.otarelease.client.layout.Names;
import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.json.JsonFields;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A channel pointer ({@code ota-channel/1}, {@code channels/<channel>.json}): which release a device of this
 * channel takes, to what share of installs, and what the others keep. It is signed ({@code <channel>.sig}) over
 * its exact bytes; every targeting decision lives in here so that nothing unsigned can steer a device.
 *
 * @param fallback what devices outside the rollout take; null when there is none (a first release)
 */
public record ChannelPointer(String appId, String channel, long sequence, Instant issuedAt, Instant expiresAt,
                             Current current, Fallback fallback) {
    public static final String SCHEMA = "ota-channel/1";
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern SALT = Pattern.compile("[A-Za-z0-9_-]{8,64}");

    /**
     * The release in rollout, served to installs whose bucket is below {@code percent × 100}.
     *
     * @param urgent devices apply it at once instead of at their next start (signed, so a CDN cannot set it);
     *     written only when true, absent means false
     */
    public record Current(String version, String bundleHash, String minNativeVersion, int percent, String salt,
                          boolean urgent) {
        public Current {
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("percent must be between 0 and 100 but is " + percent);
            }
            check("current.version", version, Names.VERSION);
            check("current.bundleHash", bundleHash, HASH);
            check("current.salt", salt, SALT);
            if (minNativeVersion != null) {
                check("current.minNativeVersion", minNativeVersion, Names.VERSION);
            }
        }

        /** A release that is not urgent: devices apply it at their next start. */
        public Current(String version, String bundleHash, String minNativeVersion, int percent, String salt) {
            this(version, bundleHash, minNativeVersion, percent, salt, false);
        }

        /** The same release at another percent: the salt stays, so everyone already in stays in. */
        public Current withPercent(int newPercent) {
            return new Current(version, bundleHash, minNativeVersion, newPercent, salt, urgent);
        }

        public Current withUrgent(boolean newUrgent) {
            return new Current(version, bundleHash, minNativeVersion, percent, salt, newUrgent);
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", version);
            m.put("bundleHash", bundleHash);
            if (minNativeVersion != null) {
                m.put("minNativeVersion", minNativeVersion);
            }
            m.put("percent", (long) percent);
            m.put("salt", salt);
            if (urgent) {
                m.put("urgent", true);
            }
            return m;
        }
    }

    /** The release everyone outside the rollout keeps. */
    public record Fallback(String version, String bundleHash, String minNativeVersion) {
        public Fallback {
            check("fallback.version", version, Names.VERSION);
            check("fallback.bundleHash", bundleHash, HASH);
            if (minNativeVersion != null) {
                check("fallback.minNativeVersion", minNativeVersion, Names.VERSION);
            }
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", version);
            m.put("bundleHash", bundleHash);
            if (minNativeVersion != null) {
                m.put("minNativeVersion", minNativeVersion);
            }
            return m;
        }
    }

    public ChannelPointer {
        check("channel", channel, Names.CHANNEL);
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be at least 1 but is " + sequence);
        }
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("expiresAt " + expiresAt + " is not after issuedAt " + issuedAt);
        }
        if (current == null) {
            throw new IllegalArgumentException("current is missing");
        }
    }

    public static String fileName(String channel) {
        return channel + ".json";
    }

    public static String signatureName(String channel) {
        return channel + ".sig";
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("appId", appId);
        m.put("channel", channel);
        m.put("sequence", sequence);
        m.put("issuedAt", issuedAt.toString());
        m.put("expiresAt", expiresAt.toString());
        m.put("current", current.toJson());
        if (fallback != null) {
            m.put("fallback", fallback.toJson());
        }
        return m;
    }

    /** The canonical (RFC 8785) bytes that are signed and served. */
    public byte[] toCanonicalBytes() {
        return CanonicalJson.bytes(toJson());
    }

    /** Parses and validates pointer bytes; {@link JsonException} names the document and the field at fault. */
    public static ChannelPointer parse(byte[] bytes, String document) {
        JsonFields doc = JsonFields.parse(bytes, document);
        doc.expect("schema", SCHEMA);
        JsonFields cur = doc.object("current");
        JsonFields fb = doc.optObject("fallback");
        try {
            Current current = new Current(cur.string("version"), cur.string("bundleHash"),
                    cur.optString("minNativeVersion"), (int) cur.integer("percent", 0, 100), cur.string("salt"),
                    cur.optBoolean("urgent", false));
            Fallback fallback = fb == null ? null
                    : new Fallback(fb.string("version"), fb.string("bundleHash"), fb.optString("minNativeVersion"));
            return new ChannelPointer(doc.string("appId"), doc.string("channel"), doc.integer("sequence", 1,
                    Long.MAX_VALUE), instant(doc, "issuedAt"), instant(doc, "expiresAt"), current, fallback);
        } catch (IllegalArgumentException e) {
            throw new JsonException(document + ": " + e.getMessage());
        }
    }

    private static Instant instant(JsonFields doc, String key) {
        String s = doc.string(key);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw doc.fail(key, "is not an ISO-8601 UTC time like 2026-03-29T14:00:00Z");
        }
    }

    private static void check(String field, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " \"" + value + "\" is not valid");
        }
    }
}
