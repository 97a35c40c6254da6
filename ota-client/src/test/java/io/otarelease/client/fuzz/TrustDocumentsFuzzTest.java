package io.otarelease.client.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.trust.KeyDelegation;
import io.otarelease.client.trust.SignatureSet;
import io.otarelease.client.trust.TrustRoot;
import java.util.Arrays;

/**
 * The trust documents a device fetches: {@code root/<N>.json}, {@code keys.json} and their {@code ota-signatures/1}
 * files. The first byte picks the parser (one target keeps the CI run short); the rest is the document.
 */
class TrustDocumentsFuzzTest {
    @FuzzTest(maxDuration = FuzzLimits.CI)
    void fuzz(byte[] input) {
        fuzzerTestOneInput(input);
    }

    public static void fuzzerTestOneInput(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] doc = Arrays.copyOfRange(input, 1, input.length);
        try {
            switch (Math.floorMod(input[0], 3)) {
                case 0 -> {
                    TrustRoot r = TrustRoot.parse(doc, "root/1.json");
                    Roundtrip.check(r, TrustRoot.parse(r.toCanonicalBytes(), "root/1.json"));
                }
                case 1 -> {
                    KeyDelegation d = KeyDelegation.parse(doc, "keys.json");
                    Roundtrip.check(d, KeyDelegation.parse(d.toCanonicalBytes(), "keys.json"));
                }
                default -> {
                    SignatureSet s = SignatureSet.parse(doc, "keys.sig");
                    Roundtrip.check(s, SignatureSet.parse(s.toCanonicalBytes(), "keys.sig"));
                }
            }
        } catch (JsonException expected) {
            // refused with a message naming the field: what must happen
        }
    }
}
