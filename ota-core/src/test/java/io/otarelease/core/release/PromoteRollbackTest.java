package io.otarelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.channel.ChannelVerifier;
import io.otarelease.client.channel.Rollout;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.OtaException;
import io.otarelease.core.registry.RegistryDocument;
import io.otarelease.core.registry.ReleaseStatus;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.testing.ReleaseFixture;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromoteRollbackTest {
    @TempDir
    Path tmp;
    ReleaseFixture fx;
    FileStore staging;
    FileStore prod;
    StoreLayout layout = new StoreLayout(ReleaseFixture.APP);

    @BeforeEach
    void setUp() {
        fx = new ReleaseFixture(tmp);
        staging = new FileStore(tmp.resolve("staging"));
        prod = new FileStore(tmp.resolve("prod"));
    }

    void stage(String version) {
        new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock)
                .stage(fx.bundle(version));
    }

    Promoter.Result promote(String version, int percent) {
        fx.clock.advance(Duration.ofMinutes(10));
        return new Promoter(fx.context(prod)).promote(staging, version, new Percent(percent));
    }

    ChannelPointer devicePointer(long highest) throws Exception {
        var json = prod.get(layout.channel("production")).orElseThrow().bytes();
        var sig = prod.get(layout.channelSignature("production")).orElseThrow().bytes();
        return new ChannelVerifier(fx.trusted, fx.clock, ReleaseFixture.APP, "production", highest).verify(json, sig);
    }

    RegistryDocument registry() {
        return new StoreRegistry(prod, ReleaseFixture.APP).read();
    }

    @Test
    void firstPromotionCopiesTheReleaseAndPublishesASignedPointer() throws Exception {
        stage("1.0.0");
        Promoter.Result r = promote("1.0.0", 5);
        assertThat(r.sequence()).isEqualTo(1);
        assertThat(r).extracting(Promoter.Result::appId, Promoter.Result::channel, Promoter.Result::version,
                Promoter.Result::percent, Promoter.Result::urgent)
                .containsExactly(ReleaseFixture.APP, "production", "1.0.0", new Percent(5), false);
        assertThat(r.blobsCopied()).isEqualTo(7);
        ChannelPointer p = devicePointer(0);
        assertThat(p.current().version()).isEqualTo("1.0.0");
        assertThat(p.current().percent()).isEqualTo(5);
        assertThat(p.fallback()).isNull();
        assertThat(registry().find("1.0.0").orElseThrow().status()).isEqualTo(ReleaseStatus.CANARY);
        assertThat(prod.list(layout.auditPrefix())).hasSize(1);
        assertThat(new String(prod.get(prod.list(layout.auditPrefix()).get(0)).orElseThrow().bytes()))
                .contains("\"action\":\"promote\"", "\"actor\":\"tester\"", "\"percent\":5");
    }

    @Test
    void anUrgentPromotionIsSignedIntoThePointerAndAuditedAndChangingOnlyTheUrgencyPublishesANewPointer()
            throws Exception {
        stage("1.0.0");
        promote("1.0.0", 100);
        assertThat(devicePointer(0).current().urgent()).isFalse();
        assertThat(new String(prod.get(layout.channel("production")).orElseThrow().bytes())).doesNotContain("urgent");

        fx.clock.advance(Duration.ofMinutes(10));
        Promoter.Result r = new Promoter(fx.context(prod)).urgent(true).promote(staging, "1.0.0", new Percent(100));
        assertThat(r.pointerChanged()).as("the same release and percent, now urgent: a new pointer").isTrue();
        assertThat(r.urgent()).isTrue();
        ChannelPointer urgent = devicePointer(1);
        assertThat(urgent.sequence()).isEqualTo(2);
        assertThat(urgent.current().urgent()).isTrue();
        assertThat(urgent.current().salt()).isEqualTo(devicePointer(0).current().salt());
        assertThat(prod.list(layout.auditPrefix()).stream().map(k -> new String(prod.get(k).orElseThrow().bytes())))
                .anySatisfy(a -> assertThat(a).contains("\"urgent\":true"));

        fx.clock.advance(Duration.ofMinutes(10));
        assertThat(new Promoter(fx.context(prod)).urgent(true).promote(staging, "1.0.0", new Percent(100)).pointerChanged())
                .as("a re-run changes nothing").isFalse();
        stage("1.1.0");
        promote("1.1.0", 100); // the next promotion is not urgent unless asked
        assertThat(devicePointer(2).current().urgent()).isFalse();
    }

    @Test
    void wideningKeepsTheSaltAndEveryInstallAlreadyIn() throws Exception {
        stage("1.0.0");
        promote("1.0.0", 5);
        ChannelPointer at5 = devicePointer(0);
        Promoter.Result r = promote("1.0.0", 25);
        assertThat(r.blobsCopied()).isZero();
        ChannelPointer at25 = devicePointer(1);
        assertThat(at25.sequence()).isEqualTo(2);
        assertThat(at25.current().salt()).isEqualTo(at5.current().salt());
        for (int i = 0; i < 20_000; i++) {
            if (Rollout.inRollout(at5.current(), "install-" + i)) {
                assertThat(Rollout.inRollout(at25.current(), "install-" + i)).isTrue();
            }
        }
        promote("1.0.0", 100);
        assertThat(devicePointer(2).current().percent()).isEqualTo(100);
        assertThat(registry().find("1.0.0").orElseThrow().status()).isEqualTo(ReleaseStatus.CURRENT);
    }

    @Test
    void aNewReleaseDrawsANewSaltAndKeepsTheOldOneAsFallback() throws Exception {
        stage("1.0.0");
        stage("1.1.0");
        promote("1.0.0", 100);
        String oldSalt = devicePointer(0).current().salt();
        promote("1.1.0", 5);
        ChannelPointer p = devicePointer(1);
        assertThat(p.current().version()).isEqualTo("1.1.0");
        assertThat(p.current().salt()).isNotEqualTo(oldSalt);
        assertThat(p.fallback().version()).isEqualTo("1.0.0");
        assertThat(registry().find("1.0.0").orElseThrow().status()).isEqualTo(ReleaseStatus.CURRENT);
        assertThat(registry().find("1.1.0").orElseThrow().status()).isEqualTo(ReleaseStatus.CANARY);
        promote("1.1.0", 100);
        assertThat(registry().find("1.0.0").orElseThrow().status()).isEqualTo(ReleaseStatus.ROLLBACK_READY);
        assertThat(registry().find("1.1.0").orElseThrow().status()).isEqualTo(ReleaseStatus.CURRENT);
    }

    @Test
    void retentionKeepsCurrentAndTheTwoNewestRollbackReadyReleases() {
        for (String v : new String[] {"1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0"}) {
            stage(v);
            promote(v, 100);
        }
        RegistryDocument d = registry();
        assertThat(d.find("1.4.0").orElseThrow().status()).isEqualTo(ReleaseStatus.CURRENT);
        assertThat(d.find("1.3.0").orElseThrow().status()).isEqualTo(ReleaseStatus.ROLLBACK_READY);
        assertThat(d.find("1.2.0").orElseThrow().status()).isEqualTo(ReleaseStatus.ROLLBACK_READY);
        assertThat(d.find("1.1.0").orElseThrow().status()).isEqualTo(ReleaseStatus.ARCHIVED);
        assertThat(d.find("1.1.0").orElseThrow().retired()).isNotNull();
        assertThat(d.find("1.0.0").orElseThrow().status()).isEqualTo(ReleaseStatus.ARCHIVED);
        assertThat(RegistryTable.render(d)).contains("| 1.4.0 |", "| current |", "| rollback-ready |", "| archived |");
    }

    @Test
    void rollbackServesThePreviousReleaseAndQuarantinesTheFailedOne() throws Exception {
        stage("1.0.0");
        stage("1.1.0");
        promote("1.0.0", 100);
        promote("1.1.0", 100);
        long before = devicePointer(0).sequence();
        fx.clock.advance(Duration.ofMinutes(5));
        Rollback.Result r = new Rollback(fx.context(prod)).rollback(Rollback.PREVIOUS, "crash-free rate 97.1%");
        assertThat(r.target()).isEqualTo("1.0.0");
        assertThat(r.failed()).isEqualTo("1.1.0");
        assertThat(r.appId()).isEqualTo(ReleaseFixture.APP);
        assertThat(r.channel()).isEqualTo("production");
        ChannelPointer p = devicePointer(before);
        assertThat(p.sequence()).isEqualTo(before + 1);
        assertThat(p.current().version()).isEqualTo("1.0.0");
        assertThat(p.current().percent()).isEqualTo(100);
        var failed = registry().find("1.1.0").orElseThrow();
        assertThat(failed.status()).isEqualTo(ReleaseStatus.QUARANTINED);
        assertThat(failed.note()).isEqualTo("crash-free rate 97.1%");
        assertThat(registry().find("1.0.0").orElseThrow().status()).isEqualTo(ReleaseStatus.CURRENT);
        String audit = prod.list(layout.auditPrefix()).stream().filter(k -> k.endsWith("-" + p.sequence() + ".json"))
                .findFirst().map(k -> new String(prod.get(k).orElseThrow().bytes())).orElseThrow();
        assertThat(audit).contains("\"action\":\"rollback\"", "\"reason\":\"crash-free rate 97.1%\"",
                "\"quarantined\":\"1.1.0\"", "\"elapsedMs\":", "\"actor\":\"tester\"");
        // the quarantined release is never again a target unless forced
        assertThatThrownBy(() -> new Rollback(fx.context(prod)).rollback("1.1.0", "retry"))
                .isInstanceOf(OtaException.CheckFailed.class).hasMessageContaining("quarantined");
        assertThat(new Rollback(fx.context(prod)).force(true).rollback("1.1.0", "root cause was backend")
                .target()).isEqualTo("1.1.0");
    }

    @Test
    void rollbackOfACanaryReturnsToItsFallback() throws Exception {
        stage("1.0.0");
        stage("1.1.0");
        promote("1.0.0", 100);
        promote("1.1.0", 5);
        Rollback.Result r = new Rollback(fx.context(prod)).rollback(null, "error rate");
        assertThat(r.target()).isEqualTo("1.0.0");
        assertThat(devicePointer(0).current().version()).isEqualTo("1.0.0");
        assertThat(registry().find("1.1.0").orElseThrow().status()).isEqualTo(ReleaseStatus.QUARANTINED);
    }

    @Test
    void rollbackRefusesATargetWithAMissingBlobAndChangesNothing() throws Exception {
        stage("1.0.0");
        stage("1.1.0");
        promote("1.0.0", 100);
        promote("1.1.0", 100);
        var m = io.otarelease.client.manifest.Manifest.parse(prod.get(layout.manifest("1.0.0")).orElseThrow().bytes());
        prod.delete(layout.blob(m.files().get(0).sha256()));
        byte[] pointer = prod.get(layout.channel("production")).orElseThrow().bytes();
        assertThatThrownBy(() -> new Rollback(fx.context(prod)).rollback("1.0.0", "bad"))
                .isInstanceOf(OtaException.CheckFailed.class).hasMessageContaining("lacks 1 file");
        assertThat(prod.get(layout.channel("production")).orElseThrow().bytes()).isEqualTo(pointer);
        assertThat(registry().find("1.1.0").orElseThrow().status()).isEqualTo(ReleaseStatus.CURRENT);
    }

    @Test
    void rollbackNeedsAReasonAndAPointer() {
        assertThatThrownBy(() -> new Rollback(fx.context(prod)).rollback("1.0.0", " "))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("--reason");
        assertThatThrownBy(() -> new Rollback(fx.context(prod)).rollback("1.0.0", "x"))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("no pointer");
    }

    @Test
    void refreshReSignsWithALaterExpiryAndAHigherSequence() throws Exception {
        stage("1.0.0");
        promote("1.0.0", 50);
        ChannelPointer before = devicePointer(0);
        fx.clock.advance(Duration.ofDays(30));
        ChannelPointer after = ChannelPointers.refresh(fx.context(prod), "/");
        assertThat(after.sequence()).isEqualTo(before.sequence() + 1);
        assertThat(after.expiresAt()).isAfter(before.expiresAt());
        assertThat(after.current()).isEqualTo(before.current());
        assertThat(devicePointer(before.sequence())).isEqualTo(after);
        assertThat(ChannelPointers.show(fx.context(prod)).signed()).isTrue();
    }

    @Test
    void aPromotionSignedByAKeyDevicesDoNotTrustIsNotPublished() {
        stage("1.0.0");
        ReleaseFixture stranger = new ReleaseFixture(tmp.resolve("stranger"));
        assertThatThrownBy(() -> new Promoter(fx.context(prod, stranger.channelSigner, io.otarelease.core.cdn.Cdn.NONE))
                .promote(staging, "1.0.0", new Percent(5)))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("devices would refuse this pointer");
        assertThat(prod.exists(layout.channel("production"))).isFalse();
    }

    @Test
    void gcDeletesOnlyUnreferencedBlobsPastTheGracePeriod() {
        for (String v : new String[] {"1.0.0", "1.1.0", "1.2.0", "1.3.0"}) {
            stage(v);
            promote(v, 100);
        }
        // 1.0.0 is archived now; its unique blobs go only after the grace period
        var kept = StoredRelease.read(prod, layout, "1.3.0", fx.trusted).blobHashes();
        var early = GarbageCollector.collect(prod, ReleaseFixture.APP, registry(), fx.clock, Duration.ofDays(7), false);
        assertThat(early.deleted()).isEmpty();
        fx.clock.advance(Duration.ofDays(8));
        var dry = GarbageCollector.collect(prod, ReleaseFixture.APP, registry(), fx.clock, Duration.ofDays(7), true);
        assertThat(dry.deleted()).isNotEmpty();
        int before = prod.list(layout.blobsPrefix()).size();
        assertThat(prod.list(layout.blobsPrefix())).hasSize(before);
        var real = GarbageCollector.collect(prod, ReleaseFixture.APP, registry(), fx.clock, Duration.ofDays(7), false);
        assertThat(real.deleted()).isEqualTo(dry.deleted());
        for (String v : new String[] {"1.1.0", "1.2.0", "1.3.0"}) {
            StoredRelease.read(prod, layout, v, fx.trusted).requireBlobs(prod, layout);
        }
        assertThat(kept).allMatch(h -> prod.exists(layout.blob(h)));
        assertThatThrownBy(() -> StoredRelease.read(prod, layout, "1.0.0", fx.trusted).requireBlobs(prod, layout))
                .isInstanceOf(OtaException.CheckFailed.class);
    }

    /**
     * Promotion trusts the served release's blobs to be present (it copies only what the next release adds), so a
     * blob deleted by hand is not its to find: gc, which lists every blob anyway, names it, and a rollback to the
     * release refuses it.
     */
    @Test
    void aServedBlobDeletedByHandIsReportedByGcNotAssumedByPromote() {
        stage("1.0.0");
        stage("1.1.0");
        promote("1.0.0", 100);
        var m = StoredRelease.read(prod, layout, "1.0.0", fx.trusted).manifest();
        var lost = m.files().stream().filter(f -> f.path().equals("index.html")).findFirst().orElseThrow();
        prod.delete(layout.blob(lost.sha256()));

        assertThat(promote("1.1.0", 5).blobsCopied()).as("only what 1.1.0 adds").isEqualTo(3);
        var gc = GarbageCollector.collect(prod, ReleaseFixture.APP, registry(), fx.clock, Duration.ofDays(7), true);
        assertThat(gc.missing()).containsExactly(layout.blob(lost.sha256()) + " (1.0.0 index.html)");
        assertThatThrownBy(() -> new Rollback(fx.context(prod)).rollback("1.0.0", "bad"))
                .isInstanceOf(OtaException.CheckFailed.class).hasMessageContaining("lacks 1 file");
    }

    @Test
    void namesThatWouldEscapeTheStoreLayoutAreRefused() {
        assertThatThrownBy(() -> new Promoter(fx.context(prod)).promote(staging, "../../x", new Percent(5)))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("is not a version like 3.4.1");
        assertThatThrownBy(() -> new Rollback(fx.context(prod)).rollback("1.0.0/../..", "x"))
                .isInstanceOf(OtaException.BadInput.class);
        assertThatThrownBy(() -> new ReleaseContext("../evil", "production", prod, null, fx.trusted, null, null,
                fx.clock, "t", ReleaseContext.DEFAULT_VALIDITY)).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("--app-id");
        assertThatThrownBy(() -> new ReleaseContext(ReleaseFixture.APP, "Prod/../x", prod, null, fx.trusted, null,
                null, fx.clock, "t", ReleaseContext.DEFAULT_VALIDITY)).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("--channel");
    }

    @Test
    void productionNeverTakesADifferentReleaseUnderAVersionItHolds() {
        stage("1.0.0");
        promote("1.0.0", 100);
        FileStore otherStaging = new FileStore(tmp.resolve("other-staging"));
        new Stager(otherStaging, new StoreRegistry(otherStaging, ReleaseFixture.APP), fx.trusted, fx.clock)
                .stage(fx.bundle("1.0.0", java.util.Map.of("index.html", "different")));
        assertThatThrownBy(() -> new Promoter(fx.context(prod)).promote(otherStaging, "1.0.0", new Percent(100)))
                .isInstanceOf(OtaException.CheckFailed.class).hasMessageContaining("already holds a different release");
    }
}
