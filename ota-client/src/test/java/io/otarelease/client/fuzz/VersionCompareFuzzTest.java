package io.otarelease.client.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.channel.Versions;
import io.otarelease.client.device.Targeting;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The version comparison on the path devices use: {@code Targeting.select} and {@code Targeting.fits} (what
 * {@code UpdateClient} calls) with an app's native version and a signed {@code minNativeVersion} of any shape.
 * Input: the native version, a NUL, then the minimum (kept only when the pointer format accepts it). Nothing may
 * throw, and the order must be one: antisymmetric, reflexive, and blind to build metadata.
 */
class VersionCompareFuzzTest {
    private static final String HASH = "sha256:" + "a".repeat(64);

    @FuzzTest(maxDuration = FuzzLimits.CI)
    void fuzz(byte[] input) {
        fuzzerTestOneInput(input);
    }

    public static void fuzzerTestOneInput(byte[] input) {
        String s = new String(input, StandardCharsets.UTF_8);
        int nul = s.indexOf('\0');
        String nativeVersion = nul < 0 ? s : s.substring(0, nul);
        String min = nul < 0 ? "1.0.0" : s.substring(nul + 1);
        check(Versions.compare(nativeVersion, nativeVersion) == 0, "not reflexive", nativeVersion, nativeVersion);
        int ab = Integer.signum(Versions.compare(nativeVersion, min));
        int ba = Integer.signum(Versions.compare(min, nativeVersion));
        check(ab == -ba, "not antisymmetric", nativeVersion, min);
        check(Versions.compare(nativeVersion + "+build.7", nativeVersion) == 0 || nativeVersion.contains("+"),
                "build metadata counted", nativeVersion, min);
        Targeting.fits(min, nativeVersion);
        ChannelPointer.Current current;
        try {
            current = new ChannelPointer.Current("2.0.0", HASH, min, 100, "salt-fuzz-01");
        } catch (IllegalArgumentException notAPointerVersion) {
            current = new ChannelPointer.Current("2.0.0", HASH, null, 100, "salt-fuzz-01");
        }
        ChannelPointer p = new ChannelPointer("com.example.shop", "production", 1, Instant.EPOCH,
                Instant.EPOCH.plusSeconds(60), current, new ChannelPointer.Fallback("1.0.0", HASH, "0.0.1"));
        Targeting.select(p, "install-1", nativeVersion);
    }

    private static void check(boolean ok, String what, String a, String b) {
        if (!ok) {
            throw new IllegalStateException(what + ": \"" + a + "\" vs \"" + b + "\"");
        }
    }
}
