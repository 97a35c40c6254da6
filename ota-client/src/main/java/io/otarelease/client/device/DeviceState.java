package io.otarelease.client.device;

import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.json.JsonFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a device remembers between runs ({@value #SCHEMA}), written atomically as one document so that a crash at
 * any point leaves either the old or the new state, never a mix.
 *
 * @param channel the channel chosen with {@link UpdateClient#switchChannel} (null: the app's configured one)
 * @param channels anti-rollback state per {@code <appId>/<channel>}: the pointer last accepted from each
 * @param current the bundle known good (null: the bundle built into the app)
 * @param previous the bundle that was current before it
 * @param pending installed and verified, to be tried at the next launch
 * @param trial launched but not yet confirmed by the page's ready call
 * @param blocked bundle hashes that failed to start, oldest first: never installed again (a different hash still
 *                installs); past {@value #MAX_BLOCKED} the oldest is forgotten
 * @param reverts the latest reverts, newest last, for the app to report
 */
public record DeviceState(String channel, Map<String, ChannelMark> channels, Installed current, Installed previous, Installed pending, Trial trial,
                          Set<String> blocked, List<Revert> reverts) {
    public static final String SCHEMA = "ota-device-state/2";
    /** Version 1 kept one sequence for all channels; it is read as this key and given to the channel followed. */
    static final String LEGACY_CHANNEL = "*";
    private static final String SCHEMA_1 = "ota-device-state/1";
    static final int MAX_BLOCKED = 64;
    static final int MAX_REVERTS = 10;

    /** A bundle on the device, named by version and content. */
    public record Installed(String version, String bundleHash) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", version);
            m.put("bundleHash", bundleHash);
            return m;
        }

        static Installed parse(JsonFields f) {
            return f == null ? null : new Installed(f.string("version"), f.string("bundleHash"));
        }
    }

    /**
     * A launch of a new bundle waiting for its page to call ready with {@code token}.
     *
     * @param scriptStartedAt when the new page's script began (null: not yet); the ready timeout counts from here
     */
    public record Trial(Installed bundle, String token, Instant scriptStartedAt) {
        Trial withScriptStarted(Instant at) {
            return new Trial(bundle, token, at);
        }
    }

    /**
     * The pointer last accepted from one channel: its sequence (a lower one is a replay), its SHA-256 (another
     * pointer with the same sequence is a forgery) and the release it chose for this install (null: none).
     */
    public record ChannelMark(long sequence, String digest, String version) {
        /** @param digest the SHA-256 of the pointer's bytes (null: not known, a version 1 state) */
        public ChannelMark(long sequence, byte[] digest, String version) {
            this(sequence, digest == null ? null : Hex.encode(digest), version);
        }

        public ChannelMark {
            if (digest != null && (digest.length() != 64 || Hex.decode(digest) == null)) {
                throw new IllegalArgumentException("digest \"" + digest + "\" is not a SHA-256 in lowercase hex");
            }
        }

        /** The digest as bytes, for {@link io.otarelease.client.channel.ChannelVerifier}; null when not known. */
        public byte[] digestBytes() {
            return digest == null ? null : Hex.decode(digest);
        }

        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sequence", sequence);
            if (digest != null) {
                m.put("digest", digest);
            }
            if (version != null) {
                m.put("version", version);
            }
            return m;
        }

        static ChannelMark parse(JsonFields f) {
            return new ChannelMark(f.integer("sequence", 0, Long.MAX_VALUE), f.optString("digest"),
                    f.optString("version"));
        }
    }

    /** A bundle that failed to start, with why: the app reports it. */
    public record Revert(String version, String bundleHash, String reason, Instant at) {
    }

    public DeviceState {
        channels = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(channels));
        blocked = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(blocked));
        reverts = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(reverts));
    }

    public static DeviceState initial() {
        return new DeviceState(null, java.util.Collections.emptyMap(), null, null, null, null, java.util.Collections.emptySet(), java.util.Collections.emptyList());
    }

    /** The bundle the app runs when nothing is on trial. */
    public String runningVersion() {
        return current == null ? null : current.version();
    }

    /** The key of a channel's {@link ChannelMark}. */
    static String channelKey(String appId, String channel) {
        return appId + "/" + channel;
    }

    /** The highest pointer sequence accepted from this app's channel (0: none). */
    public long highestSequence(String appId, String channel) {
        ChannelMark m = channels.get(channelKey(appId, channel));
        return m == null ? 0 : m.sequence();
    }

    /** Records the pointer accepted from a channel; the version 1 mark, once given to a channel, is dropped. */
    DeviceState withMark(String key, ChannelMark mark) {
        Map<String, ChannelMark> m = new java.util.TreeMap<>(channels);
        m.remove(LEGACY_CHANNEL);
        m.put(key, mark);
        return new DeviceState(channel, m, current, previous, pending, trial, blocked, reverts);
    }

    DeviceState withChannel(String c) {
        return new DeviceState(c, channels, current, previous, pending, trial, blocked, reverts);
    }

    DeviceState withPending(Installed p) {
        return new DeviceState(channel, channels, current, previous, p, trial, blocked, reverts);
    }

    DeviceState withTrial(Trial t) {
        return new DeviceState(channel, channels, current, previous, pending, t, blocked, reverts);
    }

    /** The trial bundle becomes current; the old current is kept as previous. */
    DeviceState bless() {
        return new DeviceState(channel, channels, trial.bundle(), current, pending, null, blocked, reverts);
    }

    /** The trial is dropped, its content blocked and the revert recorded; current never changed. */
    DeviceState revert(Revert r) {
        Set<String> b = new java.util.LinkedHashSet<>(blocked);
        b.remove(r.bundleHash());
        while (b.size() >= MAX_BLOCKED) {
            b.remove(b.iterator().next()); // the oldest block goes first
        }
        b.add(r.bundleHash());
        List<Revert> rs = new ArrayList<>(reverts);
        rs.add(r);
        while (rs.size() > MAX_REVERTS) {
            rs.remove(0);
        }
        return new DeviceState(channel, channels, current, previous, pending, null, b, rs);
    }

    public byte[] toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        if (channel != null) {
            m.put("channel", channel);
        }
        Map<String, Object> marks = new LinkedHashMap<>();
        channels.forEach((k, v) -> marks.put(k, v.toJson()));
        m.put("channels", marks);
        put(m, "current", current);
        put(m, "previous", previous);
        put(m, "pending", pending);
        if (trial != null) {
            Map<String, Object> t = trial.bundle().toJson();
            t.put("token", trial.token());
            if (trial.scriptStartedAt() != null) {
                t.put("scriptStartedAt", trial.scriptStartedAt().toString());
            }
            m.put("trial", t);
        }
        m.put("blocked", new ArrayList<Object>(blocked));
        List<Object> rs = new ArrayList<>();
        for (Revert r : reverts) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("version", r.version());
            x.put("bundleHash", r.bundleHash());
            x.put("reason", r.reason());
            x.put("at", r.at().toString());
            rs.add(x);
        }
        m.put("reverts", rs);
        return CanonicalJson.bytes(m);
    }

    private static void put(Map<String, Object> m, String key, Installed i) {
        if (i != null) {
            m.put(key, i.toJson());
        }
    }

    public static DeviceState parse(byte[] bytes, String document) {
        JsonFields doc = JsonFields.parse(bytes, document);
        String schema = doc.string("schema");
        if (!schema.equals(SCHEMA) && !schema.equals(SCHEMA_1)) {
            throw doc.fail("schema", "must be " + SCHEMA + " (or " + SCHEMA_1 + ")");
        }
        Map<String, ChannelMark> marks = new java.util.TreeMap<>();
        if (schema.equals(SCHEMA_1)) {
            long legacy = doc.integer("highestSequence", 0, Long.MAX_VALUE);
            if (legacy > 0) {
                marks.put(LEGACY_CHANNEL, new ChannelMark(legacy, (String) null, null));
            }
        } else {
            JsonFields cs = doc.object("channels");
            for (String key : cs.raw().keySet()) {
                marks.put(key, ChannelMark.parse(cs.object(key)));
            }
        }
        JsonFields t = doc.optObject("trial");
        Trial trial = null;
        if (t != null) {
            String started = t.optString("scriptStartedAt");
            trial = new Trial(Installed.parse(t), t.string("token"), started == null ? null : Instant.parse(started));
        }
        Set<String> blocked = new java.util.LinkedHashSet<>();
        Object b = doc.raw().get("blocked");
        if (b instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw doc.fail("blocked", "must list bundle hashes");
                }
                blocked.add(s);
            }
        }
        List<Revert> reverts = new ArrayList<>();
        if (doc.has("reverts")) {
            for (JsonFields r : doc.objects("reverts")) {
                reverts.add(new Revert(r.string("version"), r.string("bundleHash"), r.string("reason"),
                        Instant.parse(r.string("at"))));
            }
        }
        try {
            return new DeviceState(doc.optString("channel"), marks, Installed.parse(doc.optObject("current")),
                    Installed.parse(doc.optObject("previous")), Installed.parse(doc.optObject("pending")), trial, blocked,
                    reverts);
        } catch (RuntimeException e) {
            throw new JsonException(document + ": " + e.getMessage());
        }
    }
}
