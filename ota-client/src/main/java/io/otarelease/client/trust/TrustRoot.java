package io.otarelease.client.trust;

import io.otarelease.client.layout.Names;
import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonFields;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The root of trust ({@code ota-root/1}, {@code trust/root/<version>.json}): the keys, kept offline or in HSMs,
 * of which {@code threshold} must sign the key delegation and the next root version. The app ships one root
 * version; every later one must be signed by a threshold of the previous root's keys and of its own.
 */
public record TrustRoot(String appId, long version, Instant issuedAt, Instant expiresAt, int threshold,
                        TrustedKeys keys) {
    public static final String SCHEMA = "ota-root/1";

    public TrustRoot {
        if (appId == null || !Names.APP_ID.matcher(appId).matches()) {
            throw new IllegalArgumentException("appId \"" + appId + "\" is not valid");
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1 but is " + version);
        }
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("expiresAt " + expiresAt + " is not after issuedAt " + issuedAt);
        }
        if (threshold < 1 || threshold > keys.keys().size()) {
            throw new IllegalArgumentException("threshold must be between 1 and the " + keys.keys().size()
                    + " root keys but is " + threshold);
        }
        // two ids for one key would let one holder count twice towards the threshold; compared by key material,
        // as one key has several valid encodings
        Map<String, String> seen = new HashMap<>();
        for (TrustedKey k : keys.keys()) {
            String first = seen.putIfAbsent(k.material(), k.keyId());
            if (first != null) {
                throw new IllegalArgumentException("key \"" + k.keyId() + "\" is listed twice under different ids (it is "
                        + "the same key as \"" + first + "\", whatever its encoding); each root key holder needs a key "
                        + "of their own");
            }
        }
    }

    public static String fileName(long version) {
        return "root/" + version + ".json";
    }

    public static String signatureName(long version) {
        return "root/" + version + ".sig";
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("appId", appId);
        m.put("version", version);
        m.put("issuedAt", issuedAt.toString());
        m.put("expiresAt", expiresAt.toString());
        m.put("threshold", (long) threshold);
        m.put("keys", keys.toJsonList());
        return m;
    }

    public byte[] toCanonicalBytes() {
        return CanonicalJson.bytes(toJson());
    }

    public static TrustRoot parse(byte[] bytes, String document) {
        JsonFields doc = JsonFields.parse(bytes, document);
        doc.expect("schema", SCHEMA);
        String appId = doc.string("appId");
        long version = doc.integer("version", 1, Long.MAX_VALUE);
        Instant issuedAt = Documents.instant(doc, "issuedAt");
        Instant expiresAt = Documents.instant(doc, "expiresAt");
        Documents.checkTimes(doc, issuedAt, expiresAt);
        int threshold = (int) doc.integer("threshold", 1, SignatureSet.MAX_SIGNATURES);
        TrustedKeys keys = TrustedKeys.parseList(doc, "keys");
        try {
            return new TrustRoot(appId, version, issuedAt, expiresAt, threshold, keys);
        } catch (IllegalArgumentException e) {
            throw new io.otarelease.client.json.JsonException(document + ": " + e.getMessage());
        }
    }
}
