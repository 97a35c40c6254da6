package io.otarelease.client.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RolloutTest {
    static final String HASH = "sha256:" + "c".repeat(64);

    @Test
    void bucketIsTheFirstFourBytesOfSha256UnsignedModTenThousand() throws Exception {
        // independent computation through BigInteger, so a sign-extension bug cannot hide
        for (String id : List.of("install-1", "install-2", "ffff", "ü-unicode")) {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(("s4lt-abc/" + id).getBytes(StandardCharsets.UTF_8));
            long expected = new java.math.BigInteger(1, java.util.Arrays.copyOf(h, 4)).longValue() % 10000;
            assertThat(Rollout.bucket("s4lt-abc", id)).isEqualTo((int) expected);
        }
    }

    @Test
    void fivePercentOfOneHundredThousandInstallsLandWithinTolerance() {
        ChannelPointer.Current five = new ChannelPointer.Current("3.4.1", HASH, null, 5, "salt-5pct-x");
        int in = 0;
        for (int i = 0; i < 100_000; i++) {
            if (Rollout.inRollout(five, "install-" + i)) {
                in++;
            }
        }
        assertThat(in).isBetween(4_800, 5_200);
    }

    @Test
    void wideningKeepsEveryInstallAlreadyIn() {
        ChannelPointer.Current five = new ChannelPointer.Current("3.4.1", HASH, null, 5, "salt-widen1");
        ChannelPointer.Current twentyFive = five.withPercent(25);
        List<String> inAtFive = new ArrayList<>();
        int inAtTwentyFive = 0;
        for (int i = 0; i < 100_000; i++) {
            String id = "install-" + i;
            if (Rollout.inRollout(five, id)) {
                inAtFive.add(id);
            }
            if (Rollout.inRollout(twentyFive, id)) {
                inAtTwentyFive++;
            }
        }
        assertThat(inAtFive).allMatch(id -> Rollout.inRollout(twentyFive, id));
        assertThat(inAtTwentyFive).isBetween(24_500, 25_500);
    }

    @Test
    void aNewSaltDrawsADifferentSetOfInstalls() {
        Set<String> a = new HashSet<>();
        Set<String> b = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String id = "install-" + i;
            if (Rollout.bucket("salt-release-a", id) < 500) {
                a.add(id);
            }
            if (Rollout.bucket("salt-release-b", id) < 500) {
                b.add(id);
            }
        }
        a.retainAll(b);
        assertThat(a.size()).isLessThan(200); // ~5% of 5% overlap expected (≈50), never the same set
    }

    @Test
    void zeroAndHundredPercentAreExact() {
        ChannelPointer.Current none = new ChannelPointer.Current("3.4.1", HASH, null, 0, "salt-edge-1");
        ChannelPointer.Current all = none.withPercent(100);
        for (int i = 0; i < 5_000; i++) {
            assertThat(Rollout.inRollout(none, "i" + i)).isFalse();
            assertThat(Rollout.inRollout(all, "i" + i)).isTrue();
        }
    }

    @Test
    void nativeVersionTooOldFallsBackOrGetsNothing() {
        var p = new ChannelPointer("a.b", "production", 3, java.time.Instant.EPOCH, java.time.Instant.EPOCH.plusSeconds(9),
                new ChannelPointer.Current("4.0.0", HASH, "4.0.0", 100, "salt-native"),
                new ChannelPointer.Fallback("3.9.0", HASH, "3.0.0"));
        assertThat(Rollout.choose(p, "x", "4.1.0")).isEqualTo("4.0.0");
        assertThat(Rollout.choose(p, "x", "3.10.0")).isEqualTo("3.9.0");
        assertThat(Rollout.choose(p, "x", "2.9.9")).isNull();
    }

    @Test
    void versionComponentsOfAnyLengthCompareWithoutOverflow() {
        // regression: ChannelPointerFuzzTestInputs/fuzz/crash-3b13e353..., a NumberFormatException out of choose()
        String huge = "3.0.2" + "2".repeat(100);
        assertThat(Versions.compare(huge, "3.0.0")).isPositive();
        assertThat(Versions.compare("3.0.0", huge)).isNegative();
        assertThat(Versions.compare("3.0.0", "3.0")).isZero();
        assertThat(Versions.compare("3.010.0", "3.9.0")).isPositive();
        assertThat(Versions.compare("3.0.007", "3.0.7")).isZero();
        assertThat(Versions.compare("3.x", "3.0.0")).isZero();
        assertThat(Versions.compare("9223372036854775808.0.0", "9223372036854775807.0.0")).isPositive();
    }
}
