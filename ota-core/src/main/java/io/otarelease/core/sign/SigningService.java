package io.otarelease.core.sign;

import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.verify.SignatureVerifier;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Signs the exact bytes of a document into an {@code ota-signature/1} envelope, and checks the signature against
 * the signer's public key before returning it: a wrong signature (a faulty token, a compromised server) must
 * never ship.
 */
public final class SigningService {
    private final Signer signer;
    private final Clock clock;

    public SigningService(Signer signer, Clock clock) {
        this.signer = signer;
        this.clock = clock;
    }

    public SignatureEnvelope sign(byte[] document, String what) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(document);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] signature = signer.signDigest(digest);
        SignatureEnvelope envelope = new SignatureEnvelope(signer.keyId(), signer.algorithm(), signature,
                Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString());
        try {
            new SignatureVerifier(new TrustedKeys(List.of(signer.trustedKey()))).verify(document, envelope, what);
        } catch (VerificationException e) {
            throw new SigningException(signer.describe() + " returned a signature over " + what
                    + " that does not verify with its public key; nothing was written");
        }
        return envelope;
    }

    public Signer signer() {
        return signer;
    }
}
