package io.otarelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.channel.ChannelVerifier;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.core.OtaException;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.registry.ReleaseStatus;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.testing.FailingStore;
import io.otarelease.core.testing.ReleaseFixture;
import java.nio.file.Path;
import java.security.PublicKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults across a release that {@link FaultTest} leaves out: a signer that answers with a wrong signature, and a
 * release cut off after everything was copied but before the pointer was written (a killed process leaves the
 * same objects: every write is atomic). Each time the previous release keeps serving and a re-run completes.
 */
class ReleaseFaultsTest {
    @TempDir
    Path tmp;
    ReleaseFixture fx;
    FileStore staging;
    FileStore prodFiles;
    FailingStore prod;
    final StoreLayout layout = new StoreLayout(ReleaseFixture.APP);

    @BeforeEach
    void serving100() {
        fx = new ReleaseFixture(tmp);
        staging = new FileStore(tmp.resolve("staging"));
        prodFiles = new FileStore(tmp.resolve("prod"));
        prod = new FailingStore(prodFiles);
        for (String v : new String[] {"1.0.0", "1.1.0"}) {
            new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock)
                    .stage(fx.bundle(v));
        }
        new Promoter(fx.context(prod)).promote(staging, "1.0.0", new Percent(100));
    }

    String deviceSees() throws VerificationException {
        return new ChannelVerifier(fx.trusted, fx.clock, ReleaseFixture.APP, "production", 0).verify(
                prodFiles.get(layout.channel("production")).orElseThrow().bytes(),
                prodFiles.get(layout.channelSignature("production")).orElseThrow().bytes()).current().version();
    }

    /** A signer (a faulty token, a compromised server) that signs something other than what it was given. */
    record LyingSigner(Signer real) implements Signer {
        @Override
        public String keyId() {
            return real.keyId();
        }

        @Override
        public Algorithm algorithm() {
            return real.algorithm();
        }

        @Override
        public PublicKey publicKey() {
            return real.publicKey();
        }

        @Override
        public byte[] signDigest(byte[] sha256) {
            byte[] other = sha256.clone();
            other[0] ^= 1;
            return real.signDigest(other);
        }

        @Override
        public String describe() {
            return "lying " + real.describe();
        }
    }

    @Test
    void aSignerReturningAWrongSignaturePublishesNothing() throws Exception {
        byte[] before = prodFiles.get(layout.channel("production")).orElseThrow().bytes();
        int audits = prodFiles.list(layout.auditPrefix()).size();
        var lying = fx.context(prod, new LyingSigner(fx.channelSigner), Cdn.NONE);
        assertThatThrownBy(() -> new Promoter(lying).promote(staging, "1.1.0", new Percent(5)))
                .isInstanceOf(OtaException.class).hasMessageContaining("does not verify with its public key");
        assertThat(prodFiles.get(layout.channel("production")).orElseThrow().bytes()).isEqualTo(before);
        assertThat(deviceSees()).isEqualTo("1.0.0");
        assertThat(prodFiles.list(layout.auditPrefix())).hasSize(audits);
        assertThat(new Promoter(fx.context(prod)).promote(staging, "1.1.0", new Percent(5)).sequence()).isEqualTo(2);
        assertThat(deviceSees()).isEqualTo("1.1.0");
    }

    @Test
    void aReleaseCutOffBeforeThePointerWriteKeepsThePreviousOneAndAReRunCompletes() throws Exception {
        prod.failWrites((op, key) -> key.endsWith("channels/production.json"), 0);
        assertThatThrownBy(() -> new Promoter(fx.context(prod)).promote(staging, "1.1.0", new Percent(5)))
                .isInstanceOf(OtaException.Infrastructure.class);
        // everything up to the pointer is there, immutable and harmless; devices still get 1.0.0
        assertThat(prodFiles.exists(layout.manifest("1.1.0"))).isTrue();
        assertThat(deviceSees()).isEqualTo("1.0.0");
        assertThat(new StoreRegistry(prodFiles, ReleaseFixture.APP).read().find("1.0.0").orElseThrow().status())
                .isEqualTo(ReleaseStatus.CURRENT);
        prod.heal();
        Promoter.Result r = new Promoter(fx.context(prod)).promote(staging, "1.1.0", new Percent(5));
        assertThat(r.sequence()).isEqualTo(2);
        assertThat(deviceSees()).isEqualTo("1.1.0");
    }
}
