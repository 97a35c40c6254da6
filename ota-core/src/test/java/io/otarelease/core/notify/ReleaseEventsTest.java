package io.otarelease.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.release.Rollback;
import io.otarelease.core.release.Stager;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.testing.ReleaseFixture;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Engine results become messages; with every webhook down, the rollback has still happened. */
class ReleaseEventsTest {
    @TempDir
    Path dir;

    @Test
    void aRollbackWhoseNotificationCannotBeDeliveredStillServesTheTarget() throws Exception {
        ReleaseFixture fx = new ReleaseFixture(dir);
        FileStore staging = new FileStore(dir.resolve("staging"));
        FileStore production = new FileStore(dir.resolve("production"));
        ReleaseContext ctx = fx.context(production);
        for (String v : new String[] {"2.0.0", "2.1.0"}) {
            new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock).stage(fx.bundle(v));
        }
        new Promoter(ctx).promote(staging, "2.0.0", new Percent(100));
        Promoter.Result p = new Promoter(ctx).promote(staging, "2.1.0", new Percent(5));
        Event released = ReleaseEvents.released(p, "New onboarding", "100% by Friday", fx.clock.instant());
        assertThat(MessageFormats.text(released)).startsWith("Released com.example.shop 2.1.0 to 5%")
                .contains("*Full rollout (ETA):* 100% by Friday");
        assertThat(released.fields()).containsEntry("previous", "2.0.0").containsEntry("sequence", "2");

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path cfg = dir.resolve("n.yaml");
        Files.writeString(cfg, "schema: ota-notify/1\nchannels:\n  releases: {transport: slack, urlEnv: R}\n");
        Notifier down = new Notifier(NotifyConfig.load(cfg, Map.of("R", "http://127.0.0.1:" + port + "/x")), d -> { });

        Rollback.Result r = new Rollback(ctx).rollback(Rollback.PREVIOUS, "crash-free 97%");
        NotifyReport report = down.send(ReleaseEvents.rolledBack(r, "crash-free 97%",
                "incident open", fx.clock.instant()));
        assertThat(report.anyFailed()).isTrue();
        assertThat(report.summary()).isEqualTo("engineering skipped, releases FAILED (connection refused or unreachable "
                + "after 4 attempts)");
        assertThat(new String(production.get(ReleaseFixture.APP + "/channels/production.json").orElseThrow().bytes()))
                .contains("\"version\":\"2.0.0\"");
        assertThat(MessageFormats.text(ReleaseEvents.rolledBack(r, "crash-free 97%", "incident open",
                fx.clock.instant()))).startsWith("ROLLBACK: com.example.shop is back on 2.0.0\n*Rolled back:* 2.1.0");
    }
}
