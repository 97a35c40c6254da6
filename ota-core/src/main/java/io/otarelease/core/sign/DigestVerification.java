package io.otarelease.core.sign;

import static io.otarelease.client.signature.RsaPadding.HASH_LENGTH;
import static io.otarelease.client.signature.RsaPadding.SALT_LENGTH;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.RsaPadding;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerificationException.Reason;
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
    private DigestVerification() {
    }

    /**
     * Returns when {@code signature} is {@code algorithm}'s signature over {@code digest} by {@code key}, and throws
     * otherwise, like the device's {@code SignatureVerifier}; {@code what} names the signature ("the signature ...
     * returned") and starts the message.
     */
    public static void verify(Algorithm algorithm, PublicKey key, byte[] digest, byte[] signature, String what)
            throws VerificationException {
        if (digest.length != HASH_LENGTH) {
            throw new VerificationException(Reason.MALFORMED, what + " is over " + digest.length
                    + " bytes, not a " + HASH_LENGTH + "-byte SHA-256 digest");
        }
        if (!algorithm.fits(key)) {
            throw new VerificationException(Reason.WRONG_ALGORITHM, what + " cannot be checked: the "
                    + key.getAlgorithm() + " key cannot carry " + algorithm);
        }
        boolean ok;
        try {
            ok = switch (algorithm) {
                case RSASSA_PKCS1_V1_5_SHA_256 -> {
                    Signature s = Signature.getInstance("NONEwithRSA");
                    s.initVerify(key);
                    s.update(RsaPadding.digestInfo(digest));
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
            // a malformed signature (broken DER, wrong length) is a bad signature
            throw new VerificationException(Reason.BAD_SIGNATURE, what + " does not verify with the key's public key ("
                    + algorithm + "; malformed: " + e + ")", e);
        }
        if (!ok) {
            throw new VerificationException(Reason.BAD_SIGNATURE,
                    what + " does not verify with the key's public key (" + algorithm + ")");
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
        if (emLen < HASH_LENGTH + SALT_LENGTH + 2 || em[emLen - 1] != (byte) 0xbc) {
            return false;
        }
        int dbLen = emLen - HASH_LENGTH - 1;
        byte[] db = Arrays.copyOfRange(em, 0, dbLen);
        byte[] h = Arrays.copyOfRange(em, dbLen, dbLen + HASH_LENGTH);
        int topBits = 8 * emLen - emBits;
        if ((db[0] & (0xff << (8 - topBits)) & 0xff) != 0) {
            return false;
        }
        byte[] mask = RsaPadding.mgf1(h, dbLen);
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
        byte[] salt = Arrays.copyOfRange(db, dbLen - SALT_LENGTH, dbLen);
        return MessageDigest.isEqual(h, RsaPadding.pssHash(mHash, salt));
    }
}
