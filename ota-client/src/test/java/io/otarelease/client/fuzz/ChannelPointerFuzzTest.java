package io.otarelease.client.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.channel.Rollout;
import io.otarelease.client.json.JsonException;

/** {@code channels/<channel>.json}; a parsed pointer must also survive the rollout decision. */
class ChannelPointerFuzzTest {
    @FuzzTest(maxDuration = FuzzLimits.CI)
    void fuzz(byte[] input) {
        fuzzerTestOneInput(input);
    }

    public static void fuzzerTestOneInput(byte[] input) {
        ChannelPointer p;
        try {
            p = ChannelPointer.parse(input, "channels/production.json");
        } catch (JsonException expected) {
            return;
        }
        Roundtrip.check(p, ChannelPointer.parse(p.toCanonicalBytes(), "channels/production.json"));
        Rollout.choose(p, "install-1", "3.0.0");
        io.otarelease.client.device.Targeting.select(p, "install-1", "3.0.0+45"); // what UpdateClient calls
    }
}
