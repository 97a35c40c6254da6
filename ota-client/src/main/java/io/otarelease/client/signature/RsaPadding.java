package io.otarelease.client.signature;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Arrays;

/**
 * The RSA padding parameters of DESIGN.md, in one place for the signing side (ota-core, the signing server) and the
 * verifying side (devices): PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt; PKCS#1 v1.5 over the SHA-256
 * DigestInfo. Kept to Android API 26.
 */
public final class RsaPadding {
    /** SHA-256's output length in bytes. */
    public static final int HASH_LENGTH = 32;
    public static final int SALT_LENGTH = 32;
    public static final PSSParameterSpec PSS_PARAMS =
            new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, SALT_LENGTH, 1);

    /** DER prefix of DigestInfo for SHA-256 (RFC 8017 §9.2 note 1). */
    private static final byte[] SHA256_DIGEST_INFO = {
        0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
        0x04, 0x20};

    private RsaPadding() {
    }

    /** DigestInfo(SHA-256) ‖ {@code sha256}: what PKCS#1 v1.5 pads and signs ({@code NONEwithRSA}'s input). */
    public static byte[] digestInfo(byte[] sha256) {
        byte[] out = Arrays.copyOf(SHA256_DIGEST_INFO, SHA256_DIGEST_INFO.length + sha256.length);
        System.arraycopy(sha256, 0, out, SHA256_DIGEST_INFO.length, sha256.length);
        return out;
    }

    /** PSS's H = SHA-256(eight zero bytes ‖ mHash ‖ salt) (RFC 8017 §9.1.1 steps 5–6). */
    public static byte[] pssHash(byte[] mHash, byte[] salt) throws GeneralSecurityException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(new byte[8]);
        sha.update(mHash);
        sha.update(salt);
        return sha.digest();
    }

    /** MGF1 with SHA-256 (RFC 8017 B.2.1): {@code length} mask bytes from {@code seed}. */
    public static byte[] mgf1(byte[] seed, int length) throws GeneralSecurityException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + HASH_LENGTH);
        for (int counter = 0; out.size() < length; counter++) {
            sha.update(seed);
            sha.update(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8),
                (byte) counter});
            byte[] block = sha.digest();
            out.write(block, 0, block.length); // not writeBytes: Android API 26 lacks it
        }
        return Arrays.copyOf(out.toByteArray(), length);
    }
}
