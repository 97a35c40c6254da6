package io.otarelease.client.conformance;

import io.otarelease.client.json.JsonFields;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.verify.BundleVerifier;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code conformance/manifest-platforms.json} against {@link BundleVerifier#checkPlatform}. */
class PlatformVectorsTest {
    @Test
    void everyPlatformCaseIsAcceptedOrRefusedForTheStatedReason() throws Exception {
        Vectors vectors = Vectors.load(PlatformVectors.FILE, "manifest-platform");
        BundleVerifier verifier = new BundleVerifier(DocumentVectors.trustedKeys(vectors.doc));
        for (JsonFields c : vectors.cases()) {
            DocumentVectors.judge(vectors, c, () -> {
                Manifest m = verifier.verifyManifest(Vectors.bytes(c, "document"), Vectors.bytes(c, "signature"))
                        .manifest();
                BundleVerifier.checkPlatform(m, c.optString("devicePlatform"), "manifest.json");
                return Map.of("version", m.version(), "platform", m.platform() == null ? "" : m.platform());
            });
        }
        vectors.check();
    }
}
