package io.otarelease.client.attack;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.RsaPadding;
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
                    p.setParameter(RsaPadding.PSS_PARAMS);
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

    /**
     * This RSA public key as another valid-looking SubjectPublicKeyInfo: the same modulus and exponent, written by
     * hand in DER with one redundant leading zero byte in the modulus. Java's parser accepts it and keeps the bytes.
     */
    public byte[] reencodedSpki() {
        var rsa = (java.security.interfaces.RSAPublicKey) pair.getPublic();
        byte[] modulus = rsa.getModulus().toByteArray();
        byte[] padded = new byte[modulus.length + 1];
        System.arraycopy(modulus, 0, padded, 1, modulus.length);
        byte[] rsaKey = der(0x30, der(0x02, padded), der(0x02, rsa.getPublicExponent().toByteArray()));
        byte[] rsaEncryption = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01,
            0x05, 0x00};
        byte[] bits = new byte[rsaKey.length + 1]; // a leading 0: no unused bits
        System.arraycopy(rsaKey, 0, bits, 1, rsaKey.length);
        byte[] spki = der(0x30, der(0x30, rsaEncryption), der(0x03, bits));
        if (java.util.Arrays.equals(spki, pair.getPublic().getEncoded())) {
            throw new IllegalStateException("the re-encoding must differ from the key's own encoding");
        }
        return spki;
    }

    /** One DER tag-length-value over the concatenated {@code parts} (definite lengths up to 65535). */
    static byte[] der(int tag, byte[]... parts) {
        var value = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            value.writeBytes(p);
        }
        int n = value.size();
        var out = new java.io.ByteArrayOutputStream();
        out.write(tag);
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n & 0xff);
        }
        out.writeBytes(value.toByteArray());
        return out.toByteArray();
    }
}
