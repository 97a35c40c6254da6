package io.otarelease.client.verify;

import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;

import io.otarelease.client.verify.VerificationException.Reason;
import java.security.GeneralSecurityException;
import java.security.Signature;

/**
 * Checks a detached signature against a trusted key set. It returns nothing and throws on any failure, so a
 * caller cannot forget to look at a result.
 */
public final class SignatureVerifier {
    private final TrustedKeys trusted;

    public SignatureVerifier(TrustedKeys trusted) {
        this.trusted = trusted;
    }

    /** Verifies {@code envelope} over the exact {@code message} bytes; {@code what} names the signed file. */
    public TrustedKey verify(byte[] message, SignatureEnvelope envelope, String what) throws VerificationException {
        TrustedKey key = trusted.find(envelope.keyId()).orElseThrow(() -> new VerificationException(
                Reason.UNKNOWN_KEY, what + " is signed by key \"" + envelope.keyId() + "\", which is not trusted"));
        if (key.algorithm() != envelope.algorithm()) {
            throw new VerificationException(Reason.WRONG_ALGORITHM, what + " claims algorithm " + envelope.algorithm()
                    + " but trusted key \"" + key.keyId() + "\" is bound to " + key.algorithm());
        }
        boolean ok;
        try {
            Signature s = key.algorithm().newVerifier();
            s.initVerify(key.publicKey());
            s.update(message);
            ok = s.verify(envelope.signature());
        } catch (GeneralSecurityException e) {
            // A malformed signature value (e.g. broken DER) is a bad signature, not an internal error.
            ok = false;
        }
        if (!ok) {
            throw new VerificationException(Reason.BAD_SIGNATURE,
                    what + ": signature by key \"" + key.keyId() + "\" does not verify");
        }
        return key;
    }
}
