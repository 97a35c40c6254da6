package io.otarelease.client.channel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which release of a pointer one install takes. An install's bucket depends only on the release's salt and the
 * install id, so widening the percent keeps every install already in, and a new release (new salt) draws anew.
 */
public final class Rollout {
    public static final int BUCKETS = 10_000;

    private Rollout() {
    }

    /** First 4 bytes of SHA-256(salt + "/" + installId) as an unsigned big-endian integer, mod 10000. */
    public static int bucket(String salt, String installId) {
        byte[] h;
        try {
            h = MessageDigest.getInstance("SHA-256")
                    .digest((salt + "/" + installId).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
        long v = ((h[0] & 0xFFL) << 24) | ((h[1] & 0xFFL) << 16) | ((h[2] & 0xFFL) << 8) | (h[3] & 0xFFL);
        return (int) (v % BUCKETS);
    }

    /** Whether an install is in the rollout of {@code current}: its bucket is below percent × 100. */
    public static boolean inRollout(ChannelPointer.Current current, String installId) {
        return bucket(current.salt(), installId) < current.percent() * 100;
    }

    /**
     * The version an install should run: {@code current} inside the rollout, else {@code fallback}; a release whose
     * {@code minNativeVersion} is above the app's native version is skipped. Null when none fits.
     */
    public static String choose(ChannelPointer pointer, String installId, String nativeVersion) {
        ChannelPointer.Current c = pointer.current();
        if (inRollout(c, installId) && fits(c.minNativeVersion(), nativeVersion)) {
            return c.version();
        }
        ChannelPointer.Fallback f = pointer.fallback();
        if (f != null && fits(f.minNativeVersion(), nativeVersion)) {
            return f.version();
        }
        return null;
    }

    /** Whether a native app of {@code nativeVersion} may run a release that needs {@code minNative} ({@link Versions}). */
    public static boolean fits(String minNative, String nativeVersion) {
        return minNative == null || nativeVersion == null || Versions.atLeast(nativeVersion, minNative);
    }
}
