package io.otarelease.core.sign;

import static io.otarelease.client.signature.RsaPadding.HASH_LENGTH;
import static io.otarelease.client.signature.RsaPadding.SALT_LENGTH;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.RsaPadding;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import javax.crypto.Cipher;

/**
 * Signs a SHA-256 digest received from elsewhere with a JCA private key (software or PKCS#11), for each
 * algorithm of DESIGN.md:
 * <ul>
 *   <li>PKCS#1 v1.5: {@code NONEwithRSA} over DigestInfo(SHA-256) ‖ digest.</li>
 *   <li>ECDSA: {@code NONEwithECDSA} over the digest (DER output).</li>
 *   <li>PSS: JCA's PSS signers hash their input (so over a digest they sign SHA-256 of the digest), and
 *   SunPKCS11 offers no pre-hashed PSS; we encode EMSA-PSS (RFC 8017 §9.1.1) here and apply the raw RSA
 *   private-key operation ({@code RSA/ECB/NoPadding}, CKM_RSA_X_509 in a token).</li>
 * </ul>
 */
public final class DigestSigning {
    private static final SecureRandom RANDOM = new SecureRandom();

    private DigestSigning() {
    }

    /**
     * @param publicKey the key's public half: a token's private key may not reveal its modulus, PSS needs its size
     * @param provider null for the default providers (software keys)
     */
    public static byte[] sign(Algorithm algorithm, PrivateKey key, PublicKey publicKey, Provider provider, byte[] digest)
            throws GeneralSecurityException {
        if (digest.length != HASH_LENGTH) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + digest.length);
        }
        return switch (algorithm) {
            case RSASSA_PKCS1_V1_5_SHA_256 -> {
                Signature s = provider == null ? Signature.getInstance("NONEwithRSA")
                        : Signature.getInstance("NONEwithRSA", provider);
                s.initSign(key);
                s.update(RsaPadding.digestInfo(digest));
                yield s.sign();
            }
            case ECDSA_SHA_256 -> {
                Signature s = provider == null ? Signature.getInstance("NONEwithECDSA")
                        : Signature.getInstance("NONEwithECDSA", provider);
                s.initSign(key);
                s.update(digest);
                yield s.sign();
            }
            case RSASSA_PSS_SHA_256 -> {
                int modBits = ((RSAPublicKey) publicKey).getModulus().bitLength();
                byte[] em = emsaPssEncode(digest, modBits - 1);
                Cipher rsa = provider == null ? Cipher.getInstance("RSA/ECB/NoPadding")
                        : Cipher.getInstance("RSA/ECB/NoPadding", provider);
                rsa.init(Cipher.ENCRYPT_MODE, key);
                int k = (modBits + 7) / 8;
                yield leftPad(rsa.doFinal(leftPad(em, k)), k);
            }
        };
    }

    /** EMSA-PSS-ENCODE with SHA-256, MGF1-SHA-256 and a random 32-byte salt. */
    static byte[] emsaPssEncode(byte[] mHash, int emBits) throws GeneralSecurityException {
        int emLen = (emBits + 7) / 8;
        if (emLen < HASH_LENGTH + SALT_LENGTH + 2) {
            throw new GeneralSecurityException("RSA key too small for PSS with SHA-256");
        }
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        byte[] h = RsaPadding.pssHash(mHash, salt);
        byte[] db = new byte[emLen - HASH_LENGTH - 1];
        db[db.length - SALT_LENGTH - 1] = 0x01;
        System.arraycopy(salt, 0, db, db.length - SALT_LENGTH, SALT_LENGTH);
        byte[] mask = RsaPadding.mgf1(h, db.length);
        for (int i = 0; i < db.length; i++) {
            db[i] ^= mask[i];
        }
        db[0] &= (byte) (0xff >>> (8 * emLen - emBits));
        ByteArrayOutputStream em = new ByteArrayOutputStream(emLen);
        em.writeBytes(db);
        em.writeBytes(h);
        em.write(0xbc);
        return em.toByteArray();
    }

    private static byte[] leftPad(byte[] b, int length) {
        if (b.length == length) {
            return b;
        }
        byte[] unsigned = new BigInteger(1, b).toByteArray();
        int start = unsigned.length > length ? unsigned.length - length : 0;
        byte[] out = new byte[length];
        System.arraycopy(unsigned, start, out, length - (unsigned.length - start), unsigned.length - start);
        return out;
    }
}
