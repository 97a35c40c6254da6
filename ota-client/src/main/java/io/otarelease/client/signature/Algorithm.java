package io.otarelease.client.signature;

import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/** The signature algorithms of DESIGN.md, named as AWS KMS names them. */
public enum Algorithm {
    RSASSA_PKCS1_V1_5_SHA_256("RSA"),
    /** RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt ({@link RsaPadding#PSS_PARAMS}). */
    RSASSA_PSS_SHA_256("RSA"),
    /** ECDSA over P-256 with SHA-256; the signature is DER-encoded. */
    ECDSA_SHA_256("EC");

    private final String keyType;

    Algorithm(String keyType) {
        this.keyType = keyType;
    }

    /** "RSA" or "EC": the key type this algorithm needs. */
    public String keyType() {
        return keyType;
    }

    /** Whether {@code key} can carry this algorithm (type, and for EC the P-256 curve). */
    public boolean fits(PublicKey key) {
        if (keyType.equals("RSA")) {
            return key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048;
        }
        return key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256;
    }

    /** A verifier over the whole message (it hashes the message itself). */
    public Signature newVerifier() throws java.security.GeneralSecurityException {
        return switch (this) {
            case RSASSA_PKCS1_V1_5_SHA_256 -> Signature.getInstance("SHA256withRSA");
            case RSASSA_PSS_SHA_256 -> {
                Signature s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(RsaPadding.PSS_PARAMS);
                yield s;
            }
            case ECDSA_SHA_256 -> Signature.getInstance("SHA256withECDSA");
        };
    }

    /** Parses a name, naming the accepted ones when it is not one of them. */
    public static Algorithm parse(String name) {
        for (Algorithm a : values()) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown algorithm \"" + name + "\" (expected one of "
                + java.util.Arrays.toString(values()) + ")");
    }
}
