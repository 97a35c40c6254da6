package io.otarelease.client.conformance;

import io.otarelease.client.json.JsonFields;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.verify.BundleVerifier;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code conformance/manifests.json} against {@link BundleVerifier#verifyManifest}. */
class ManifestVectorsTest {
    @Test
    void everyManifestCaseIsAcceptedOrRefusedForTheStatedReason() throws Exception {
        Vectors vectors = Vectors.load("manifests.json", "manifest");
        BundleVerifier verifier = new BundleVerifier(DocumentVectors.trustedKeys(vectors.doc));
        for (JsonFields c : vectors.cases()) {
            DocumentVectors.judge(vectors, c, () -> {
                Manifest m = verifier.verifyManifest(Vectors.bytes(c, "document"), Vectors.bytes(c, "signature"))
                        .manifest();
                return Map.of("version", m.version(), "bundleHash", m.bundleHash());
            });
        }
        vectors.check();
    }
}
