package io.otarelease.client.device;

import io.otarelease.client.bytes.Bytes;
import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.json.JsonFields;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a device that follows a trust root remembers between runs ({@value #SCHEMA}): the latest root it accepted
 * (its exact bytes, so a restart never falls back to the root the app shipped) and the highest key delegation it
 * accepted (version and SHA-256), so that a replayed older delegation — one still trusting a revoked key — is
 * refused after a restart too. Written atomically as one document, like {@link DeviceState}.
 *
 * @param rootJson the accepted {@code ota-root/1} document, byte for byte
 * @param highestDelegationVersion 0 before any delegation was accepted
 * @param highestDelegationDigest SHA-256 of that delegation, or null before any
 */
public record TrustState(byte[] rootJson, long highestDelegationVersion, byte[] highestDelegationDigest) {
    public static final String SCHEMA = "ota-device-trust/1";

    public TrustState {
        rootJson = rootJson.clone();
        highestDelegationDigest = highestDelegationDigest == null ? null : highestDelegationDigest.clone();
    }

    @Override
    public byte[] rootJson() {
        return rootJson.clone();
    }

    @Override
    public byte[] highestDelegationDigest() {
        return highestDelegationDigest == null ? null : highestDelegationDigest.clone();
    }

    public byte[] toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("root", Base64.getEncoder().encodeToString(rootJson));
        m.put("highestDelegationVersion", highestDelegationVersion);
        if (highestDelegationDigest != null) {
            m.put("highestDelegationDigest", Bytes.hex(highestDelegationDigest));
        }
        return CanonicalJson.bytes(m);
    }

    public static TrustState parse(byte[] bytes, String document) {
        JsonFields doc = JsonFields.parse(bytes, document);
        doc.expect("schema", SCHEMA);
        byte[] root;
        try {
            root = Base64.getDecoder().decode(doc.string("root"));
        } catch (IllegalArgumentException e) {
            throw doc.fail("root", "is not base64");
        }
        long version = doc.integer("highestDelegationVersion", 0, Long.MAX_VALUE);
        String digest = doc.optString("highestDelegationDigest");
        byte[] d = null;
        if (digest != null) {
            try {
                d = Bytes.parseHex(digest);
            } catch (IllegalArgumentException e) {
                throw doc.fail("highestDelegationDigest", "is not hex");
            }
            if (d.length != 32) {
                throw doc.fail("highestDelegationDigest", "is not a SHA-256");
            }
        }
        if (version > 0 && d == null) {
            throw new JsonException(document + ": highestDelegationDigest is missing");
        }
        return new TrustState(root, version, d);
    }
}
