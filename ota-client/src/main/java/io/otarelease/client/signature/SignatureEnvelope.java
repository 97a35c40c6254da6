package io.otarelease.client.signature;

import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonFields;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A detached signature ({@code ota-signature/1}) over the exact bytes of the file beside it:
 * {@code manifest.json} ↔ {@code manifest.sig}, {@code channels/production.json} ↔ {@code production.sig}.
 */
public record SignatureEnvelope(String keyId, Algorithm algorithm, byte[] signature, String signedAt) {
    public static final String SCHEMA = "ota-signature/1";

    public SignatureEnvelope {
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("keyId", keyId);
        m.put("algorithm", algorithm.name());
        m.put("signature", Base64.getEncoder().encodeToString(signature));
        m.put("signedAt", signedAt);
        return m;
    }

    public byte[] toCanonicalBytes() {
        return CanonicalJson.bytes(toJson());
    }

    /** Parses an envelope; {@code document} names the file in errors. */
    public static SignatureEnvelope parse(byte[] bytes, String document) {
        JsonFields doc = JsonFields.parse(bytes, document);
        doc.expect("schema", SCHEMA);
        String keyId = doc.string("keyId");
        Algorithm algorithm;
        try {
            algorithm = Algorithm.parse(doc.string("algorithm"));
        } catch (IllegalArgumentException e) {
            throw doc.fail("algorithm", e.getMessage());
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(doc.string("signature"));
        } catch (IllegalArgumentException e) {
            throw doc.fail("signature", "is not valid base64");
        }
        if (sig.length == 0 || sig.length > 1024) {
            throw doc.fail("signature", "has an impossible length of " + sig.length + " bytes");
        }
        return new SignatureEnvelope(keyId, algorithm, sig, doc.string("signedAt"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignatureEnvelope e && keyId.equals(e.keyId) && algorithm == e.algorithm
                && java.util.Arrays.equals(signature, e.signature) && signedAt.equals(e.signedAt);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode() * 31 + java.util.Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SignatureEnvelope[keyId=" + keyId + ", algorithm=" + algorithm + ", signedAt=" + signedAt + "]";
    }
}
