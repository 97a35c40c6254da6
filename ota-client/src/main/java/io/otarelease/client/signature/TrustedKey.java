package io.otarelease.client.signature;

import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
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

    /**
     * The key itself, whatever its encoding: RSA modulus and exponent, EC curve and point. Two SubjectPublicKeyInfo
     * encodings of one key (a redundant leading zero, parameters present or absent) give the same material.
     */
    public String material() {
        if (publicKey instanceof RSAPublicKey rsa) {
            return "RSA:" + hex(rsa.getModulus()) + ":" + hex(rsa.getPublicExponent());
        }
        if (publicKey instanceof ECPublicKey ec) {
            ECParameterSpec p = ec.getParams();
            String field = p.getCurve().getField() instanceof ECFieldFp fp ? hex(fp.getP())
                    : p.getCurve().getField().toString();
            return "EC:" + field + ":" + hex(p.getCurve().getA()) + ":" + hex(p.getCurve().getB()) + ":"
                    + hex(p.getGenerator().getAffineX()) + ":" + hex(p.getGenerator().getAffineY()) + ":"
                    + hex(p.getOrder()) + ":" + p.getCofactor() + ":" + hex(ec.getW().getAffineX()) + ":"
                    + hex(ec.getW().getAffineY());
        }
        return publicKey.getAlgorithm() + ":" + Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    private static String hex(java.math.BigInteger n) {
        return n.toString(16);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("keyId", keyId);
        m.put("algorithm", algorithm.name());
        m.put("publicKey", Base64.getEncoder().encodeToString(publicKey.getEncoded()));
        return m;
    }
}
