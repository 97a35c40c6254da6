package io.otarelease.client.trust;

import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.verify.SignatureVerifier;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerificationException.Reason;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks that at least {@code threshold} distinct keys of a set signed the exact bytes of a document. Signatures
 * by keys outside the set, or that do not verify, count for nothing (they may come from another root version);
 * the refusal lists them so an operator sees which holder is missing.
 */
public final class ThresholdVerifier {
    private ThresholdVerifier() {
    }

    public static void verify(byte[] message, SignatureSet signatures, TrustedKeys keys, int threshold, String what,
                              String role) throws VerificationException {
        SignatureVerifier verifier = new SignatureVerifier(keys);
        Set<String> valid = new LinkedHashSet<>();
        List<String> refused = new ArrayList<>();
        for (SignatureEnvelope e : signatures.signatures()) {
            try {
                verifier.verify(message, e, what);
                valid.add(e.keyId());
            } catch (VerificationException ex) {
                refused.add(e.keyId() + " (" + ex.reason().name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
        }
        if (valid.size() < threshold) {
            throw new VerificationException(Reason.BAD_SIGNATURE, what + " needs signatures by " + threshold + " "
                    + role + " keys but has " + valid.size() + (valid.isEmpty() ? "" : " " + valid)
                    + (refused.isEmpty() ? "" : "; not counted: " + String.join(", ", refused)));
        }
    }
}
