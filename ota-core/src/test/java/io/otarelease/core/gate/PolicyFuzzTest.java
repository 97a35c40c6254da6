package io.otarelease.core.gate;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.otarelease.core.OtaException;
import io.otarelease.core.testing.FuzzLimits;
import java.nio.charset.StandardCharsets;

/** The gate policy file (YAML from the repository being released): only a BadInput naming the file may escape. */
class PolicyFuzzTest {
    @FuzzTest(maxDuration = FuzzLimits.CI)
    void fuzz(byte[] input) {
        fuzzerTestOneInput(input);
    }

    public static void fuzzerTestOneInput(byte[] input) {
        try {
            PolicyLoader.parse(new String(input, StandardCharsets.UTF_8), "ota-policy.yaml", PolicyLoader.defaults());
        } catch (OtaException.BadInput expected) {
            // refused with the file named
        }
    }
}
