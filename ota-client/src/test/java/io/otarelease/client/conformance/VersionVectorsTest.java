package io.otarelease.client.conformance;

import io.otarelease.client.device.Targeting;
import io.otarelease.client.json.JsonFields;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code conformance/versions.json}: semver 2.0 precedence as the device applies it to native versions. */
class VersionVectorsTest {
    /** Cases the Java client is known to fail (none: {@code Targeting.fits} compares through {@code Versions}). */
    static final Set<String> KNOWN_FAILING = Set.of();

    @Test
    void everyPairIsOrderedBySemver() throws Exception {
        Vectors vectors = Vectors.load("versions.json", "version-order", KNOWN_FAILING);
        for (JsonFields c : vectors.cases()) {
            String a = c.string("a");
            String b = c.string("b");
            try {
                String got = compare(a, b);
                if (!got.equals(c.string("expect"))) {
                    vectors.failure(c, a + " " + got + " " + b + ", expected " + c.string("expect"));
                }
            } catch (RuntimeException e) {
                vectors.failure(c, "comparing " + a + " with " + b + " threw " + e);
            }
        }
        vectors.check();
    }

    /** The device's order, through the public rule it uses: "native version a may run a bundle needing b". */
    static String compare(String a, String b) {
        boolean atLeast = Targeting.fits(b, a);
        boolean atMost = Targeting.fits(a, b);
        return atLeast && atMost ? "=" : atLeast ? ">" : "<";
    }
}
