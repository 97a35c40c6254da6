package io.otarelease.client.trust;

import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.json.JsonFields;
import io.otarelease.client.signature.SignatureEnvelope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several detached signatures over the exact bytes of one document ({@code ota-signatures/1}): what a threshold
 * of root keys produces, each holder adding one with {@code ota keys sign}. Each entry is an
 * {@code ota-signature/1} envelope, so openssl checks each one as it checks {@code manifest.sig}.
 */
public record SignatureSet(List<SignatureEnvelope> signatures) {
    public static final String SCHEMA = "ota-signatures/1";
    /** More than any sane threshold needs; bounds the work an attacker can make a device do. */
    public static final int MAX_SIGNATURES = 32;

    public SignatureSet {
        signatures = Collections.unmodifiableList(new ArrayList<>(signatures));
    }

    public static SignatureSet empty() {
        return new SignatureSet(Collections.emptyList());
    }

    /** A copy with {@code envelope} added, replacing an earlier signature by the same key id. */
    public SignatureSet with(SignatureEnvelope envelope) {
        List<SignatureEnvelope> out = new ArrayList<>(signatures);
        out.removeIf(e -> e.keyId().equals(envelope.keyId()));
        out.add(envelope);
        return new SignatureSet(out);
    }

    public byte[] toCanonicalBytes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        List<Object> list = new ArrayList<>();
        signatures.forEach(s -> list.add(s.toJson()));
        m.put("signatures", list);
        return CanonicalJson.bytes(m);
    }

    public static SignatureSet parse(byte[] bytes, String document) {
        JsonFields doc = JsonFields.parse(bytes, document);
        doc.expect("schema", SCHEMA);
        List<JsonFields> entries = doc.objects("signatures");
        if (entries.size() > MAX_SIGNATURES) {
            throw doc.fail("signatures", "has " + entries.size() + " entries, more than " + MAX_SIGNATURES);
        }
        List<SignatureEnvelope> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            // re-serializing is safe here: an envelope is not what is signed, only what carries a signature
            byte[] one = CanonicalJson.bytes(entries.get(i).raw());
            try {
                out.add(SignatureEnvelope.parse(one, document + ": signatures[" + i + "]"));
            } catch (JsonException e) {
                throw new JsonException(e.getMessage());
            }
        }
        return new SignatureSet(out);
    }
}
