package io.otarelease.client.conformance;

import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonFields;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException;
import java.util.Map;

/** What the signed-document vector files share: the trusted keys, and judging one outcome against a case. */
final class DocumentVectors {
    private DocumentVectors() {
    }

    static TrustedKeys trustedKeys(JsonFields doc) {
        return TrustedKeys.parse(CanonicalJson.bytes(doc.object("trustedKeys").raw()), "trustedKeys");
    }

    /** A check that either returns the fields of {@code result} to compare, or refuses. */
    interface Check {
        Map<String, Object> run() throws VerificationException;
    }

    static void judge(Vectors vectors, JsonFields c, Check check) {
        boolean accept = c.string("expect").equals("accept");
        try {
            Map<String, Object> got = check.run();
            if (!accept) {
                vectors.failure(c, "accepted, expected refusal " + c.string("reason"));
                return;
            }
            Map<String, Object> want = c.object("result").raw();
            for (var e : want.entrySet()) {
                if (!e.getValue().equals(got.get(e.getKey()))) {
                    vectors.failure(c, "result " + e.getKey() + " is " + got.get(e.getKey()) + ", expected "
                            + e.getValue());
                }
            }
        } catch (VerificationException e) {
            if (accept) {
                vectors.failure(c, "refused (" + e.reason() + ": " + e.getMessage() + "), expected accept");
            } else if (!e.reason().name().equals(c.string("reason"))) {
                vectors.failure(c, "refused as " + e.reason() + " (" + e.getMessage() + "), expected "
                        + c.string("reason"));
            }
        } catch (RuntimeException e) {
            vectors.failure(c, "threw " + e + " instead of accepting or refusing");
        }
    }
}
