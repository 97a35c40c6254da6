package io.otarelease.client.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.signature.TrustedKeys;

/** {@code trusted-keys.json}: shipped in the app, but also read by the CLI from wherever an operator points it. */
class TrustedKeysFuzzTest {
    @FuzzTest(maxDuration = FuzzLimits.CI)
    void fuzz(byte[] input) {
        fuzzerTestOneInput(input);
    }

    public static void fuzzerTestOneInput(byte[] input) {
        TrustedKeys k;
        try {
            k = TrustedKeys.parse(input, "trusted-keys.json");
        } catch (JsonException expected) {
            return;
        }
        Roundtrip.check(k, TrustedKeys.parse(k.toCanonicalBytes(), "trusted-keys.json"));
    }
}
