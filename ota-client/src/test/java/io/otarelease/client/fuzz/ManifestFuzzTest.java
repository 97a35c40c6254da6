package io.otarelease.client.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.manifest.Manifest;

/**
 * {@code manifest.json} from an untrusted store. Any exception but {@link JsonException} is a bug, and so is a
 * manifest that does not survive its own canonical form (what a builder writes must be what a device reads).
 */
class ManifestFuzzTest {
    @FuzzTest(maxDuration = FuzzLimits.CI)
    void fuzz(byte[] input) {
        fuzzerTestOneInput(input);
    }

    public static void fuzzerTestOneInput(byte[] input) {
        Manifest m;
        try {
            m = Manifest.parse(input);
        } catch (JsonException expected) {
            return;
        }
        Roundtrip.check(m, Manifest.parse(m.toCanonicalBytes()));
    }
}
