package io.otarelease.core.sign;

import io.otarelease.client.signature.Algorithm;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** Generates development key pairs: RSA-3072 for the RSA algorithms, P-256 for ECDSA. */
public final class KeyGen {
    private KeyGen() {
    }

    public static KeyPair generate(Algorithm algorithm) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm.keyType());
            if (algorithm == Algorithm.ECDSA_SHA_256) {
                g.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                g.initialize(3072);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot generate " + algorithm + " keys", e);
        }
    }

    public static String privateKeyPem(KeyPair pair) {
        return Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    public static String publicKeyPem(KeyPair pair) {
        return Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded());
    }
}
