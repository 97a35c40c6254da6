package io.otarelease.client.signature;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A public key a device trusts, bound to one key id and one algorithm. */
public record TrustedKey(String keyId, Algorithm algorithm, PublicKey publicKey) {
    public TrustedKey {
        if (!algorithm.fits(publicKey)) {
            throw new IllegalArgumentException("key \"" + keyId + "\" is a " + publicKey.getAlgorithm()
                    + " key that cannot carry " + algorithm);
        }
    }

    /** Decodes an X.509 SubjectPublicKeyInfo (DER) for the algorithm's key type. */
    public static PublicKey decodePublicKey(byte[] spkiDer, Algorithm algorithm) throws java.security.GeneralSecurityException {
        return KeyFactory.getInstance(algorithm.keyType()).generatePublic(new X509EncodedKeySpec(spkiDer));
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keyId", keyId);
        m.put("algorithm", algorithm.name());
        m.put("publicKey", Base64.getEncoder().encodeToString(publicKey.getEncoded()));
        return m;
    }
}
