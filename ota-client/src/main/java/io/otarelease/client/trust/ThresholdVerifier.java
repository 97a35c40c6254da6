package io.otarelease.client.trust;

import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerifiedDocument;

/**
 * Checks that at least {@code threshold} distinct keys of a set signed the exact bytes of a document, from its
 * {@code ota-signatures/1} file; the check itself is {@link VerifiedDocument#checkThreshold}.
 */
public final class ThresholdVerifier {
    private ThresholdVerifier() {
    }

    /** The verified document, ready to parse; refused when fewer than {@code threshold} keys of {@code keys} signed. */
    public static VerifiedDocument verify(byte[] message, SignatureSet signatures, TrustedKeys keys, int threshold,
                                          String what, String role) throws VerificationException {
        return VerifiedDocument.checkThreshold(message, signatures.signatures(), keys, threshold, what, role);
    }
}
