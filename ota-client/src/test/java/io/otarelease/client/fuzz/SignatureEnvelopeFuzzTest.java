package io.otarelease.client.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.signature.SignatureEnvelope;

/** {@code manifest.sig} and {@code <channel>.sig}: parsed before any signature check, so fully untrusted. */
class SignatureEnvelopeFuzzTest {
    @FuzzTest(maxDuration = FuzzLimits.CI)
    void fuzz(byte[] input) {
        fuzzerTestOneInput(input);
    }

    public static void fuzzerTestOneInput(byte[] input) {
        SignatureEnvelope e;
        try {
            e = SignatureEnvelope.parse(input, "manifest.sig");
        } catch (JsonException expected) {
            return;
        }
        Roundtrip.check(e, SignatureEnvelope.parse(e.toCanonicalBytes(), "manifest.sig"));
    }
}
