package io.otarelease.client.trust;

import io.otarelease.client.layout.Names;
import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.json.JsonFields;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The key delegation ({@code ota-delegation/1}, {@code trust/keys.json}), signed by a threshold of root keys:
 * which keys sign manifests ({@code release}, held in the HSM) and which sign channel pointers ({@code channel},
 * an online key), and which key ids were revoked. Versioned, so a device never goes back to an older delegation
 * (one that still trusted a revoked key), and expiring, so a frozen mirror cannot serve it forever.
 */
public record KeyDelegation(String appId, long version, Instant issuedAt, Instant expiresAt, TrustedKeys release,
                            TrustedKeys channel, List<String> revoked) {
    public static final String SCHEMA = "ota-delegation/1";
    public static final String FILE_NAME = "keys.json";
    public static final String SIGNATURE_NAME = "keys.sig";

    public KeyDelegation {
        revoked = Collections.unmodifiableList(new ArrayList<>(revoked));
        if (appId == null || !Names.APP_ID.matcher(appId).matches()) {
            throw new IllegalArgumentException("appId \"" + appId + "\" is not valid");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1 but is " + version);
        }
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("expiresAt " + expiresAt + " is not after issuedAt " + issuedAt);
        }
        if (release.keys().isEmpty() || channel.keys().isEmpty()) {
            throw new IllegalArgumentException("release and channel each need at least one key");
        }
        Set<String> gone = new HashSet<>(revoked);
        for (TrustedKey k : concat(release, channel)) {
            if (gone.contains(k.keyId())) {
                throw new IllegalArgumentException("key \"" + k.keyId() + "\" is both delegated and revoked");
            }
        }
    }

    private static List<TrustedKey> concat(TrustedKeys a, TrustedKeys b) {
        List<TrustedKey> all = new ArrayList<>(a.keys());
        all.addAll(b.keys());
        return all;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("appId", appId);
        m.put("version", version);
        m.put("issuedAt", issuedAt.toString());
        m.put("expiresAt", expiresAt.toString());
        m.put("release", release.toJsonList());
        m.put("channel", channel.toJsonList());
        m.put("revoked", new ArrayList<Object>(revoked));
        return m;
    }

    public byte[] toCanonicalBytes() {
        return CanonicalJson.bytes(toJson());
    }

    public static KeyDelegation parse(byte[] bytes, String document) {
        JsonFields doc = JsonFields.parse(bytes, document);
        doc.expect("schema", SCHEMA);
        String appId = doc.string("appId");
        long version = doc.integer("version", 1, Long.MAX_VALUE);
        Instant issuedAt = Documents.instant(doc, "issuedAt");
        Instant expiresAt = Documents.instant(doc, "expiresAt");
        Documents.checkTimes(doc, issuedAt, expiresAt);
        TrustedKeys release = TrustedKeys.parseList(doc, "release");
        TrustedKeys channel = TrustedKeys.parseList(doc, "channel");
        List<String> revoked = new ArrayList<>();
        Object raw = doc.raw().get("revoked");
        if (!(raw instanceof List<?> list)) {
            throw doc.fail("revoked", "must be an array of key ids");
        }
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw doc.fail("revoked", "must be an array of key ids");
            }
            revoked.add(s);
        }
        try {
            return new KeyDelegation(appId, version, issuedAt, expiresAt, release, channel, revoked);
        } catch (IllegalArgumentException e) {
            throw new JsonException(document + ": " + e.getMessage());
        }
    }
}
