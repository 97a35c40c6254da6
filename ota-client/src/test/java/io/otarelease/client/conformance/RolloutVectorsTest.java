package io.otarelease.client.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.channel.Rollout;
import io.otarelease.client.device.Targeting;
import io.otarelease.client.json.JsonFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The bucket function against {@code conformance/rollout-buckets.json}: vectors computed outside Java (python3
 * hashlib) that any other client (JavaScript, Swift, Kotlin) must reproduce too.
 */
class RolloutVectorsTest {
    static final String H1 = "sha256:" + "1".repeat(64);
    static final String H0 = "sha256:" + "0".repeat(64);

    @Test
    void everyVectorGivesTheSameBucketAndRolloutDecision() throws Exception {
        Vectors vectors = Vectors.load("rollout-buckets.json", "rollout-bucket");
        int n = 0;
        for (JsonFields v : vectors.cases()) {
            n++;
            String salt = v.string("salt");
            String id = v.string("installId");
            long expected = v.integer("bucket");
            int actual = Rollout.bucket(salt, id);
            if (actual != expected) {
                vectors.failure(v, "bucket " + actual + ", expected " + expected);
            }
            for (Map.Entry<String, Object> e : v.object("inAtPercent").raw().entrySet()) {
                int percent = Integer.parseInt(e.getKey());
                var current = new ChannelPointer.Current("2.0.0", H1, null, percent, salt);
                if (Rollout.inRollout(current, id) != (Boolean) e.getValue()) {
                    vectors.failure(v, "at " + percent + "%: expected in=" + e.getValue());
                }
            }
        }
        assertThat(n).isGreaterThanOrEqualTo(10);
        vectors.check();
    }

    @Test
    void fivePercentOfOneHundredThousandDevicesTakeTheReleaseAndTwentyFiveKeepsThemAll() {
        ChannelPointer five = pointer(5);
        ChannelPointer twentyFive = pointer(25);
        List<String> inAtFive = new ArrayList<>();
        int inAtTwentyFive = 0;
        for (int i = 0; i < 100_000; i++) {
            String id = java.util.UUID.nameUUIDFromBytes(("device-" + i).getBytes()).toString();
            if ("2.0.0".equals(Targeting.select(five, id, "3.0.0").version())) {
                inAtFive.add(id);
            }
            if ("2.0.0".equals(Targeting.select(twentyFive, id, "3.0.0").version())) {
                inAtTwentyFive++;
            }
        }
        assertThat(inAtFive.size()).isBetween(4_800, 5_200);
        assertThat(inAtFive).allMatch(id -> "2.0.0".equals(Targeting.select(twentyFive, id, "3.0.0").version()));
        assertThat(inAtTwentyFive).isBetween(24_500, 25_500);
    }

    static ChannelPointer pointer(int percent) {
        Instant t = Instant.parse("2026-03-29T14:00:00Z");
        return new ChannelPointer("com.example.shop", "production", percent, t, t.plusSeconds(60),
                new ChannelPointer.Current("2.0.0", H1, null, percent, "salt-accuracy-2"),
                new ChannelPointer.Fallback("1.9.0", H0, null));
    }
}
