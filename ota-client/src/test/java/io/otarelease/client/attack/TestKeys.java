package io.otarelease.client.attack;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/** A key pair with an id and an algorithm, signing with the JDK alone (ota-client tests cannot use ota-core). */
public record TestKeys(String keyId, Algorithm algorithm, KeyPair pair) {
    public static final String SIGNED_AT = "2026-03-29T14:00:00Z";

    public static TestKeys ec(String keyId) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return new TestKeys(keyId, Algorithm.ECDSA_SHA_256, g.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static TestKeys rsa(String keyId, Algorithm algorithm) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return new TestKeys(keyId, algorithm, g.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public TrustedKey trusted() {
        return new TrustedKey(keyId, algorithm, pair.getPublic());
    }

    /** The raw signature over {@code message} with this key's algorithm. */
    public byte[] rawSign(byte[] message) {
        return rawSign(message, algorithm);
    }

    /** The raw signature made with {@code as}: lets a test use a key with an algorithm it is not bound to. */
    public byte[] rawSign(byte[] message, Algorithm as) {
        try {
            Signature s = switch (as) {
                case RSASSA_PKCS1_V1_5_SHA_256 -> Signature.getInstance("SHA256withRSA");
                case RSASSA_PSS_SHA_256 -> {
                    Signature p = Signature.getInstance("RSASSA-PSS");
                    p.setParameter(Algorithm.PSS_PARAMS);
                    yield p;
                }
                case ECDSA_SHA_256 -> Signature.getInstance("SHA256withECDSA");
            };
            s.initSign(pair.getPrivate());
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code ota-signature/1} envelope bytes over {@code message}. */
    public byte[] sign(byte[] message) {
        return new SignatureEnvelope(keyId, algorithm, rawSign(message), SIGNED_AT).toCanonicalBytes();
    }

    /** This key pair presenting itself under another key id. */
    public TestKeys as(String otherId) {
        return new TestKeys(otherId, algorithm, pair);
    }
}
