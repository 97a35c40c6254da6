package io.otarelease.client.conformance;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.channel.ChannelVerifier;
import io.otarelease.client.json.JsonFields;
import io.otarelease.client.signature.TrustedKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code conformance/pointer-urgent.json} against {@link ChannelVerifier}: the signed {@code current.urgent}. */
class UrgentPointerVectorsTest {
    @Test
    void everyUrgentCaseIsAcceptedOrRefusedForTheStatedReason() throws Exception {
        Vectors vectors = Vectors.load(UrgentPointerVectors.FILE, "pointer-urgent");
        TrustedKeys trusted = DocumentVectors.trustedKeys(vectors.doc);
        for (JsonFields c : vectors.cases()) {
            JsonFields ctx = c.object("context");
            Clock clock = Clock.fixed(Instant.parse(ctx.string("now")), ZoneOffset.UTC);
            ChannelVerifier verifier = new ChannelVerifier(trusted, clock, ctx.string("appId"), ctx.string("channel"),
                    ctx.integer("highestSequence"));
            DocumentVectors.judge(vectors, c, () -> {
                ChannelPointer p = verifier.verify(Vectors.bytes(c, "document"), Vectors.bytes(c, "signature"));
                return Map.of("sequence", p.sequence(), "currentVersion", p.current().version(),
                        "urgent", p.current().urgent());
            });
        }
        vectors.check();
    }
}
