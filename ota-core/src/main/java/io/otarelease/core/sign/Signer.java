package io.otarelease.core.sign;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKey;
import java.security.PublicKey;

/**
 * Something that holds a private key and signs SHA-256 digests with it: a PKCS#11 token, a signing server, AWS
 * KMS, or a development key file. Implementations receive only the 32-byte digest, never the document, so the
 * same contract fits an HSM behind a network.
 */
public interface Signer extends AutoCloseable {
    String keyId();

    Algorithm algorithm();

    PublicKey publicKey();

    /**
     * Signs a SHA-256 digest. The result is the signature value in the algorithm's standard encoding (PKCS#1 or
     * PSS block, or DER ECDSA) as openssl expects it.
     */
    byte[] signDigest(byte[] sha256) throws SigningException;

    default TrustedKey trustedKey() {
        return new TrustedKey(keyId(), algorithm(), publicKey());
    }

    /** A short description for logs, e.g. "pkcs11 key ota-2026-a in token slot 0". Never a secret. */
    String describe();

    @Override
    default void close() {
    }
}
