package io.otarelease.client.signature;

import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonFields;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The set of keys a device trusts ({@code ota-keys/1}), embedded in the native app. Several keys at once make
 * rotation possible: ship the next key before signing with it.
 */
public record TrustedKeys(List<TrustedKey> keys) {
    public static final String SCHEMA = "ota-keys/1";

    public TrustedKeys {
        keys = Collections.unmodifiableList(new ArrayList<>(keys));
        var seen = new java.util.HashSet<String>();
        for (TrustedKey k : keys) {
            if (!seen.add(k.keyId())) {
                throw new IllegalArgumentException("key id \"" + k.keyId() + "\" appears twice");
            }
        }
    }

    public Optional<TrustedKey> find(String keyId) {
        return keys.stream().filter(k -> k.keyId().equals(keyId)).findFirst();
    }

    /** A copy with {@code key} added, replacing any key with the same id. */
    public TrustedKeys with(TrustedKey key) {
        List<TrustedKey> out = new ArrayList<>(keys);
        out.removeIf(k -> k.keyId().equals(key.keyId()));
        out.add(key);
        return new TrustedKeys(out);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("keys", toJsonList());
        return m;
    }

    public byte[] toCanonicalBytes() {
        return CanonicalJson.bytes(toJson());
    }

    public static TrustedKeys parse(byte[] bytes, String document) {
        JsonFields doc = JsonFields.parse(bytes, document);
        doc.expect("schema", SCHEMA);
        return parseList(doc, "keys");
    }

    /** Parses the array {@code field} of {@code doc} as key entries; errors name {@code field[i].member}. */
    public static TrustedKeys parseList(JsonFields doc, String field) {
        List<TrustedKey> keys = new ArrayList<>();
        for (JsonFields k : doc.objects(field)) {
            Algorithm algorithm;
            try {
                algorithm = Algorithm.parse(k.string("algorithm"));
            } catch (IllegalArgumentException e) {
                throw k.fail("algorithm", e.getMessage());
            }
            String keyId = k.string("keyId");
            try {
                var pub = TrustedKey.decodePublicKey(Base64.getDecoder().decode(k.string("publicKey")), algorithm);
                keys.add(new TrustedKey(keyId, algorithm, pub));
            } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
                throw k.fail("publicKey", "is not a usable " + algorithm.keyType() + " public key: " + e.getMessage());
            }
        }
        try {
            return new TrustedKeys(keys);
        } catch (IllegalArgumentException e) {
            throw doc.fail(field, e.getMessage());
        }
    }

    /** The key entries as a JSON array, the form {@link #parseList} reads. */
    public List<Object> toJsonList() {
        List<Object> list = new ArrayList<>();
        keys.forEach(k -> list.add(k.toJson()));
        return list;
    }
}
