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

    static boolean fits(String minNative, String nativeVersion) {
        return minNative == null || nativeVersion == null || compare(nativeVersion, minNative) >= 0;
    }

    /**
     * Compares the numeric major.minor.patch of two versions; pre-release suffixes are ignored. Components are
     * compared as digit strings, never parsed into a {@code long}: a signed document may carry a component of any
     * length (found by ChannelPointerFuzzTest), and an app's own version string may hold a non-digit.
     */
    static int compare(String a, String b) {
        String[] x = a.split("-", 2)[0].split("\\.");
        String[] y = b.split("-", 2)[0].split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = compareNumbers(i < x.length ? x[i] : "0", i < y.length ? y[i] : "0");
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** Compares the leading digits of two components as unbounded non-negative numbers (no digits counts as 0). */
    private static int compareNumbers(String p, String q) {
        String m = significantDigits(p);
        String n = significantDigits(q);
        return m.length() != n.length() ? Integer.compare(m.length(), n.length()) : m.compareTo(n);
    }

    private static String significantDigits(String s) {
        int end = 0;
        while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
            end++;
        }
        int start = 0;
        while (start < end && s.charAt(start) == '0') {
            start++;
        }
        return s.substring(start, end);
    }
}
