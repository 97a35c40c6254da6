package io.otarelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.channel.ChannelVerifier;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.registry.ReleaseStatus;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.store.S3Store;
import io.otarelease.core.store.StoreConflictException;
import io.otarelease.core.testing.ReleaseFixture;
import io.otarelease.core.testing.S3ProxyServer;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole flow on a real S3 endpoint: staging and production buckets, server-side copies, ETag preconditions. */
class S3ReleaseTest {
    static S3ProxyServer s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    @Test
    void stagePromoteWidenAndRollBackOnS3(@TempDir Path tmp) throws Exception {
        ReleaseFixture fx = new ReleaseFixture(tmp);
        String run = "t-" + UUID.randomUUID();
        S3Store staging = s3.store("acme-ota-staging", run);
        S3Store prod = s3.store("acme-ota-prod", run);
        StoreLayout layout = new StoreLayout(ReleaseFixture.APP);
        Stager stager = new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock);
        stager.stage(fx.bundle("1.0.0", ReleaseFixture.files(40, "1.0.0", 0)));
        Stager.Result second = stager.stage(fx.bundle("1.1.0", ReleaseFixture.files(40, "1.1.0", 3)));
        assertThat(second.blobsUploaded()).isEqualTo(4);

        assertThat(new Promoter(fx.context(prod)).promote(staging, "1.0.0", new Percent(100)).blobsCopied()).isEqualTo(41);
        assertThat(new Promoter(fx.context(prod)).promote(staging, "1.1.0", new Percent(5)).blobsCopied()).isEqualTo(4);
        new Promoter(fx.context(prod)).promote(staging, "1.1.0", new Percent(50));
        Rollback.Result r = new Rollback(fx.context(prod)).rollback("previous", "p95 latency");
        assertThat(r.target()).isEqualTo("1.0.0");

        var pointer = new ChannelVerifier(fx.trusted, fx.clock, ReleaseFixture.APP, "production", 3).verify(
                prod.get(layout.channel("production")).orElseThrow().bytes(),
                prod.get(layout.channelSignature("production")).orElseThrow().bytes());
        assertThat(pointer.sequence()).isEqualTo(4);
        assertThat(pointer.current().version()).isEqualTo("1.0.0");
        var reg = new StoreRegistry(prod, ReleaseFixture.APP).read();
        assertThat(reg.find("1.1.0").orElseThrow().status()).isEqualTo(ReleaseStatus.QUARANTINED);
        assertThat(reg.find("1.0.0").orElseThrow().status()).isEqualTo(ReleaseStatus.CURRENT);
        assertThat(prod.list(layout.auditPrefix())).hasSize(4);
    }

    @Test
    void aStalePointerWriteIsRefusedByTheS3Precondition(@TempDir Path tmp) {
        ReleaseFixture fx = new ReleaseFixture(tmp);
        String run = "t-" + UUID.randomUUID();
        S3Store staging = s3.store("acme-ota-staging", run);
        S3Store prod = s3.store("acme-ota-prod", run);
        new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock)
                .stage(fx.bundle("1.0.0"));
        new Promoter(fx.context(prod)).promote(staging, "1.0.0", new Percent(5));
        ChannelStore channel = new ChannelStore(prod, ReleaseFixture.APP, "production", fx.trusted);
        ChannelStore.State stale = channel.read();
        new Promoter(fx.context(prod)).promote(staging, "1.0.0", new Percent(25));
        var next = new io.otarelease.client.channel.ChannelPointer(ReleaseFixture.APP, "production", 2,
                fx.clock.instant(), fx.clock.instant().plusSeconds(60), stale.pointer().current().withPercent(100), null);
        assertThatThrownBy(() -> channel.publish(stale, next, fx.context(prod).signing()))
                .isInstanceOf(StoreConflictException.class).hasMessageContaining("nothing was changed");
        assertThat(channel.read().pointer().current().percent()).isEqualTo(25);
    }
}
