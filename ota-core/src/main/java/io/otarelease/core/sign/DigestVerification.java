package io.otarelease.core.sign;

import io.otarelease.client.signature.Algorithm;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;

/**
 * Checks a signature over a SHA-256 digest, for signers whose signature comes from elsewhere (a signing server,
 * KMS) and must be proven before anything uses it. The counterpart of {@link DigestSigning}: PKCS#1 and ECDSA
 * through {@code NONEwith...}; PSS by the public RSA operation and EMSA-PSS-VERIFY (RFC 8017 §9.1.2), because
 * the JCA's PSS verifiers hash their input.
 */
public final class DigestVerification {
    private static final byte[] SHA256_DIGEST_INFO = {
        0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
        0x04, 0x20};
    private static final int H_LEN = 32;
    private static final int SALT_LENGTH = 32;

    private DigestVerification() {
    }

    /** True when {@code signature} is {@code algorithm}'s signature over {@code digest} by {@code key}. */
    public static boolean verifies(Algorithm algorithm, PublicKey key, byte[] digest, byte[] signature) {
        if (digest.length != H_LEN || !algorithm.fits(key)) {
            return false;
        }
        try {
            return switch (algorithm) {
                case RSASSA_PKCS1_V1_5_SHA_256 -> {
                    Signature s = Signature.getInstance("NONEwithRSA");
                    s.initVerify(key);
                    s.update(SHA256_DIGEST_INFO);
                    s.update(digest);
                    yield s.verify(signature);
                }
                case ECDSA_SHA_256 -> {
                    Signature s = Signature.getInstance("NONEwithECDSA");
                    s.initVerify(key);
                    s.update(digest);
                    yield s.verify(signature);
                }
                case RSASSA_PSS_SHA_256 -> pss((RSAPublicKey) key, digest, signature);
            };
        } catch (GeneralSecurityException | RuntimeException e) {
            return false; // a malformed signature (broken DER, wrong length) is a bad signature
        }
    }

    private static boolean pss(RSAPublicKey key, byte[] mHash, byte[] signature) throws GeneralSecurityException {
        BigInteger n = key.getModulus();
        int k = (n.bitLength() + 7) / 8;
        if (signature.length != k) {
            return false;
        }
        BigInteger s = new BigInteger(1, signature);
        if (s.compareTo(n) >= 0) {
            return false;
        }
        int emBits = n.bitLength() - 1;
        int emLen = (emBits + 7) / 8;
        byte[] m = s.modPow(key.getPublicExponent(), n).toByteArray();
        byte[] em = new byte[emLen];
        int start = 0;
        while (start < m.length - 1 && m[start] == 0) {
            start++;
        }
        if (m.length - start > emLen) {
            return false;
        }
        System.arraycopy(m, start, em, emLen - (m.length - start), m.length - start);
        if (emLen < H_LEN + SALT_LENGTH + 2 || em[emLen - 1] != (byte) 0xbc) {
            return false;
        }
        int dbLen = emLen - H_LEN - 1;
        byte[] db = Arrays.copyOfRange(em, 0, dbLen);
        byte[] h = Arrays.copyOfRange(em, dbLen, dbLen + H_LEN);
        int topBits = 8 * emLen - emBits;
        if ((db[0] & (0xff << (8 - topBits)) & 0xff) != 0) {
            return false;
        }
        byte[] mask = mgf1(h, dbLen);
        for (int i = 0; i < dbLen; i++) {
            db[i] ^= mask[i];
        }
        db[0] &= (byte) (0xff >>> topBits);
        int separator = dbLen - SALT_LENGTH - 1;
        for (int i = 0; i < separator; i++) {
            if (db[i] != 0) {
                return false;
            }
        }
        if (db[separator] != 0x01) {
            return false;
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(new byte[8]);
        sha.update(mHash);
        sha.update(db, dbLen - SALT_LENGTH, SALT_LENGTH);
        return MessageDigest.isEqual(h, sha.digest());
    }

    private static byte[] mgf1(byte[] seed, int length) throws GeneralSecurityException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + H_LEN);
        for (int counter = 0; out.size() < length; counter++) {
            sha.update(seed);
            sha.update(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8),
                (byte) counter});
            out.writeBytes(sha.digest());
        }
        return Arrays.copyOf(out.toByteArray(), length);
    }
}
