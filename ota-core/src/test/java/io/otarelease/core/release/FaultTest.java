package io.otarelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.channel.ChannelVerifier;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.core.OtaException;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.cdn.CdnException;
import io.otarelease.core.registry.ReleaseStatus;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SigningException;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.testing.FailingStore;
import io.otarelease.core.testing.ReleaseFixture;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The faults the issue names: nothing half-done, the previous release serving, a re-run completing the work. */
class FaultTest {
    @TempDir
    Path tmp;
    ReleaseFixture fx;
    FileStore staging;
    FileStore prodFiles;
    FailingStore prod;
    StoreLayout layout = new StoreLayout(ReleaseFixture.APP);

    @BeforeEach
    void setUp() {
        fx = new ReleaseFixture(tmp);
        staging = new FileStore(tmp.resolve("staging"));
        prodFiles = new FileStore(tmp.resolve("prod"));
        prod = new FailingStore(prodFiles);
    }

    void stage(String v) {
        new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock).stage(fx.bundle(v));
    }

    byte[] pointerBytes() {
        return prodFiles.get(layout.channel("production")).orElseThrow().bytes();
    }

    /** What a device does with the stored pointer. */
    String deviceSees() throws VerificationException {
        return new ChannelVerifier(fx.trusted, fx.clock, ReleaseFixture.APP, "production", 0).verify(pointerBytes(),
                prodFiles.get(layout.channelSignature("production")).orElseThrow().bytes()).current().version();
    }

    @Test
    void storeFailingMidStagingLeavesNoReleaseAndAReRunCompletes() {
        FailingStore store = new FailingStore(staging).failWrites((op, key) -> key.contains("/blobs/"), 3);
        Path bundle = fx.bundle("1.0.0", ReleaseFixture.files(30, "1.0.0", 0));
        Stager stager = new Stager(store, new StoreRegistry(store, ReleaseFixture.APP), fx.trusted, fx.clock)
                .parallelism(1);
        assertThatThrownBy(() -> stager.stage(bundle)).isInstanceOf(OtaException.Infrastructure.class)
                .hasMessageContaining("injected");
        assertThat(staging.exists(layout.manifest("1.0.0"))).isFalse();
        assertThat(new StoreRegistry(staging, ReleaseFixture.APP).read().releases()).isEmpty();
        store.heal();
        Stager.Result r = stager.stage(bundle);
        assertThat(r.blobsUploaded()).isEqualTo(31 - 3);
        StoredRelease.read(staging, layout, "1.0.0", fx.trusted).requireBlobs(staging, layout);
    }

    @Test
    void storeFailingMidPromotionKeepsThePreviousReleaseServing() throws Exception {
        stage("1.0.0");
        stage("1.1.0");
        new Promoter(fx.context(prod)).promote(staging, "1.0.0", new Percent(100));
        byte[] before = pointerBytes();
        prod.failWrites((op, key) -> key.contains("/blobs/"), 1);
        assertThatThrownBy(() -> new Promoter(fx.context(prod)).parallelism(1).promote(staging, "1.1.0", new Percent(5)))
                .isInstanceOf(OtaException.Infrastructure.class);
        assertThat(pointerBytes()).isEqualTo(before);
        assertThat(deviceSees()).isEqualTo("1.0.0");
        assertThat(prodFiles.exists(layout.manifest("1.1.0"))).isFalse();
        prod.heal();
        Promoter.Result r = new Promoter(fx.context(prod)).promote(staging, "1.1.0", new Percent(5));
        assertThat(r.sequence()).isEqualTo(2);
        assertThat(deviceSees()).isEqualTo("1.1.0");
    }

    @Test
    void storeFailingBetweenPointerAndSignatureIsFinishedByAReRun() throws Exception {
        stage("1.0.0");
        stage("1.1.0");
        new Promoter(fx.context(prod)).promote(staging, "1.0.0", new Percent(100));
        prod.failWrites((op, key) -> key.endsWith("channels/production.sig"), 0);
        assertThatThrownBy(() -> new Promoter(fx.context(prod)).promote(staging, "1.1.0", new Percent(5)))
                .isInstanceOf(OtaException.Infrastructure.class);
        // devices refuse the half-written pointer and keep what they run; nothing else moved
        assertThatThrownBy(this::deviceSees).isInstanceOf(VerificationException.class);
        assertThat(new StoreRegistry(prodFiles, ReleaseFixture.APP).read().find("1.1.0")).isEmpty();
        // the half-written pointer is the one the signed history recorded (with its signature) before writing it
        assertThat(new ChannelHistory(fx.context(prodFiles)).read().head().describe()).startsWith("promote 1.1.0 at 5%");
        prod.heal();
        Promoter.Result r = new Promoter(fx.context(prod)).promote(staging, "1.1.0", new Percent(5));
        assertThat(r.pointerChanged()).isFalse();
        assertThat(deviceSees()).isEqualTo("1.1.0");
        assertThat(new StoreRegistry(prodFiles, ReleaseFixture.APP).read().find("1.1.0").orElseThrow().status())
                .isEqualTo(ReleaseStatus.CANARY);
    }

    /** A signer whose server cannot be reached. */
    record UnreachableSigner(Signer real) implements Signer {
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
            throw new SigningException("signing server https://127.0.0.1:1 is unreachable: Connection refused");
        }

        @Override
        public String describe() {
            return "remote key " + real.keyId();
        }
    }

    @Test
    void anUnreachableSignerPublishesNothingDuringPromotionOrRollback() throws Exception {
        stage("1.0.0");
        stage("1.1.0");
        new Promoter(fx.context(prod)).promote(staging, "1.0.0", new Percent(100));
        new Promoter(fx.context(prod)).promote(staging, "1.1.0", new Percent(100));
        byte[] before = pointerBytes();
        int audits = prodFiles.list(layout.auditPrefix()).size();
        var down = fx.context(prod, new UnreachableSigner(fx.channelSigner), Cdn.NONE);
        stage("1.2.0");
        assertThatThrownBy(() -> new Promoter(down).promote(staging, "1.2.0", new Percent(5)))
                .isInstanceOf(OtaException.Infrastructure.class)
                .hasMessageContaining("signer (remote key ota-channel) could not sign the channel pointer")
                .hasMessageContaining("unreachable").hasMessageContaining("Nothing was published");
        assertThatThrownBy(() -> new Rollback(down).rollback("previous", "crash spike"))
                .isInstanceOf(OtaException.Infrastructure.class).hasMessageContaining("Nothing was published");
        assertThat(pointerBytes()).isEqualTo(before);
        assertThat(deviceSees()).isEqualTo("1.1.0");
        assertThat(prodFiles.list(layout.auditPrefix())).hasSize(audits);
        assertThat(new StoreRegistry(prodFiles, ReleaseFixture.APP).read().find("1.1.0").orElseThrow().status())
                .isEqualTo(ReleaseStatus.CURRENT);
    }

    /** A CDN that fails the first {@code failures} calls. */
    static final class FlakyCdn implements Cdn {
        int failures;
        final List<List<String>> calls = new ArrayList<>();

        FlakyCdn(int failures) {
            this.failures = failures;
        }

        @Override
        public String invalidate(List<String> paths) {
            calls.add(paths);
            if (failures-- > 0) {
                throw new CdnException("AccessDenied: not authorized to perform cloudfront:CreateInvalidation", null);
            }
            return "I" + calls.size();
        }

        @Override
        public void awaitCompleted(String id, Duration timeout) {
        }

        @Override
        public String describe() {
            return "flaky";
        }
    }

    @Test
    void aFailedInvalidationIsExitThreeThePointerStandsAndAReRunOnlyReInvalidates() throws Exception {
        stage("1.0.0");
        FlakyCdn cdn = new FlakyCdn(1);
        var ctx = fx.context(prod, fx.channelSigner, cdn);
        assertThatThrownBy(() -> new Promoter(ctx).promote(staging, "1.0.0", new Percent(5)))
                .isInstanceOfSatisfying(CdnException.class, e -> assertThat(e.exitCode()).isEqualTo(3))
                .hasMessageContaining("now serves 1.0.0 to 5% (sequence 1), but the CDN invalidation failed")
                .hasMessageContaining("re-running the same command only invalidates again");
        assertThat(deviceSees()).isEqualTo("1.0.0");
        byte[] pointer = pointerBytes();
        int audits = prodFiles.list(layout.auditPrefix()).size();
        Promoter.Result r = new Promoter(ctx).promote(staging, "1.0.0", new Percent(5));
        assertThat(r.pointerChanged()).isFalse();
        assertThat(r.sequence()).isEqualTo(1);
        assertThat(r.invalidationId()).isEqualTo("I2");
        assertThat(pointerBytes()).isEqualTo(pointer);
        assertThat(prodFiles.list(layout.auditPrefix())).hasSize(audits);
        assertThat(cdn.calls).hasSize(2).allSatisfy(paths -> assertThat(paths).containsExactly(
                "/com.example.shop/channels/production.json", "/com.example.shop/channels/production.sig"));
    }
}
