package io.otarelease.client.conformance;

import io.otarelease.client.json.JsonFields;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.trust.RoleKeys;
import io.otarelease.client.trust.TrustRoot;
import io.otarelease.client.trust.TrustUpdater;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code conformance/trust.json} against {@link TrustUpdater}, starting each case from the shipped root. */
class TrustVectorsTest {
    @Test
    void everyTrustCaseIsAcceptedOrRefusedForTheStatedReason() throws Exception {
        Vectors vectors = Vectors.load("trust.json", "trust");
        JsonFields ctx = vectors.doc.object("context");
        TrustRoot shipped = TrustRoot.parse(ctx.string("root").getBytes(StandardCharsets.UTF_8), "context.root");
        Clock clock = Clock.fixed(Instant.parse(ctx.string("now")), ZoneOffset.UTC);
        for (JsonFields c : vectors.cases()) {
            TrustUpdater updater = new TrustUpdater(shipped, c.integer("highestDelegationVersion"), clock);
            byte[] doc = Vectors.bytes(c, "document");
            byte[] sigs = Vectors.bytes(c, "signature");
            DocumentVectors.judge(vectors, c, () -> switch (c.string("step")) {
                case "root" -> Map.of("version", updater.acceptRoot(doc, sigs).version());
                case "delegation" -> {
                    RoleKeys keys = updater.acceptDelegation(doc, sigs);
                    yield Map.of("version", updater.highestDelegationVersion(),
                            "releaseKeys", keys.release().keys().stream().map(TrustedKey::keyId).toList(),
                            "channelKeys", keys.channel().keys().stream().map(TrustedKey::keyId).toList());
                }
                default -> throw new IllegalArgumentException("unknown step " + c.string("step"));
            });
        }
        vectors.check();
    }
}
