package io.otarelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.otarelease.client.channel.ChannelVerifier;
import io.otarelease.core.OtaException;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.store.Body;
import io.otarelease.core.store.S3Store;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.testing.ReleaseFixture;
import io.otarelease.core.testing.S3ProxyServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store writer's attacks on S3 (S3Proxy), through the engine the commands run: objects put back with the S3
 * API, then the routine command. What the channel serves is read back as a device verifies it.
 */
class StoreWriterS3Test {
    static S3ProxyServer s3;
    final StoreLayout layout = new StoreLayout(ReleaseFixture.APP);

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    record Setup(ReleaseFixture fx, S3Store staging, S3Store prod) {
    }

    Setup setup(Path tmp) {
        ReleaseFixture fx = new ReleaseFixture(tmp);
        String run = "sw-" + UUID.randomUUID();
        return new Setup(fx, s3.store("acme-ota-staging", run), s3.store("acme-ota-prod", run));
    }

    void release(Setup s, String version, int percent) {
        new Stager(s.staging(), new StoreRegistry(s.staging(), ReleaseFixture.APP), s.fx().trusted, s.fx().clock)
                .stage(s.fx().bundle(version));
        new Promoter(s.fx().context(s.prod())).promote(s.staging(), version, new Percent(percent));
        s.fx().clock.advance(Duration.ofMinutes(1));
    }

    /** The store writer's PUT (through the S3 API; a conditional one is as available to them as a plain one). */
    static void overwrite(S3Store store, String key, byte[] bytes) {
        store.putIfMatch(key, Body.of(bytes), store.get(key).orElseThrow().etag());
    }

    io.otarelease.client.channel.ChannelPointer served(Setup s) throws Exception {
        return new ChannelVerifier(s.fx().trusted, s.fx().clock, ReleaseFixture.APP, "production", 0).verify(
                s.prod().get(layout.channel("production")).orElseThrow().bytes(),
                s.prod().get(layout.channelSignature("production")).orElseThrow().bytes());
    }

    @Test
    void aRefreshRefusesAnOlderPointerPutBackAndLaundersNothing(@TempDir Path tmp) throws Exception {
        Setup s = setup(tmp);
        release(s, "1.0.0", 100);
        byte[] oldJson = s.prod().get(layout.channel("production")).orElseThrow().bytes();
        byte[] oldSig = s.prod().get(layout.channelSignature("production")).orElseThrow().bytes();
        release(s, "2.0.0", 100);
        overwrite(s.prod(), layout.channel("production"), oldJson);
        overwrite(s.prod(), layout.channelSignature("production"), oldSig);

        Throwable t = catchThrowable(() -> ChannelPointers.refresh(s.fx().context(s.prod()), "/"));
        assertThat(t).isInstanceOf(OtaException.CheckFailed.class)
                .hasMessageContaining("expected the pointer of sequence 2")
                .hasMessageContaining("but the store holds sequence 1");
        assertThat(((OtaException) t).exitCode()).isEqualTo(1);
        assertThat(served(s).sequence()).isEqualTo(1); // nothing signed on top: a device that has 2 keeps 2.0.0

        Throwable rb = catchThrowable(() -> new Rollback(s.fx().context(s.prod())).rollback("previous", "x"));
        assertThat(rb).isInstanceOf(OtaException.CheckFailed.class).hasMessageContaining("sequence 2");
    }

    @Test
    void anExpiredPointerIsRefreshedOnlyWithAllowExpired(@TempDir Path tmp) throws Exception {
        Setup s = setup(tmp);
        release(s, "1.0.0", 100);
        s.fx().clock.advance(ReleaseContext.DEFAULT_VALIDITY.plusDays(1));
        Throwable t = catchThrowable(() -> ChannelPointers.refresh(s.fx().context(s.prod()), "/"));
        assertThat(t).isInstanceOf(OtaException.CheckFailed.class).hasMessageContaining("expired at")
                .hasMessageContaining("--allow-expired");
        assertThat(new ChannelStore(s.prod(), ReleaseFixture.APP, "production", s.fx().trusted).read().sequence())
                .isEqualTo(1);
        var p = ChannelPointers.refresh(s.fx().context(s.prod()), "/", true, false);
        assertThat(p.sequence()).isEqualTo(2);
        assertThat(served(s).expiresAt()).isAfter(s.fx().clock.instant());
    }

    @Test
    void theOlderConsistentPairIsTheReplayLeftAndDevicesRefuseWhatIsBuiltOnIt(@TempDir Path tmp) throws Exception {
        Setup s = setup(tmp);
        release(s, "1.0.0", 100);
        byte[] oldJson = s.prod().get(layout.channel("production")).orElseThrow().bytes();
        byte[] oldSig = s.prod().get(layout.channelSignature("production")).orElseThrow().bytes();
        byte[] oldHistory = s.prod().get(layout.channelHistory("production")).orElseThrow().bytes();
        release(s, "2.0.0", 100);
        release(s, "3.0.0", 100);
        overwrite(s.prod(), layout.channel("production"), oldJson);
        overwrite(s.prod(), layout.channelSignature("production"), oldSig);
        overwrite(s.prod(), layout.channelHistory("production"), oldHistory);
        // the engine cannot tell this pair from the real state: it refreshes it (documented in docs/security.md)
        var p = ChannelPointers.refresh(s.fx().context(s.prod()), "/");
        assertThat(p.sequence()).isEqualTo(2);
        assertThat(p.current().version()).isEqualTo("1.0.0");
        // a device that accepted sequence 3 refuses it: its own anti-rollback state holds
        Throwable device = catchThrowable(() -> new ChannelVerifier(s.fx().trusted, s.fx().clock, ReleaseFixture.APP,
                "production", 3).verify(s.prod().get(layout.channel("production")).orElseThrow().bytes(),
                s.prod().get(layout.channelSignature("production")).orElseThrow().bytes()));
        assertThat(device).hasMessageContaining("sequence");
    }
}
