package io.otarelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.registry.ReleaseStatus;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.store.Store;
import io.otarelease.core.store.StoreConflictException;
import io.otarelease.core.testing.ForwardingStore;
import io.otarelease.core.testing.ReleaseFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RacingPromotionTest {
    /**
     * Holds both promoters at the first channel write (the signed history, recorded before the pointer), so both
     * have read the same state before either writes.
     */
    static final class BarrierStore extends ForwardingStore {
        final CyclicBarrier barrier = new CyclicBarrier(2);

        BarrierStore(Store d) {
            super(d);
        }

        @Override
        protected void before(String operation, String key) {
            if (operation.equals("putIfMatch") && key.endsWith("history/production.json")) {
                try {
                    barrier.await(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    @Test
    void twoRacingPromotionsOneWinsTheOtherChangesNothing(@TempDir Path tmp) throws Exception {
        ReleaseFixture fx = new ReleaseFixture(tmp);
        FileStore staging = new FileStore(tmp.resolve("staging"));
        FileStore prodFiles = new FileStore(tmp.resolve("prod"));
        for (String v : new String[] {"1.0.0", "1.1.0", "1.2.0"}) {
            new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock).stage(fx.bundle(v));
        }
        new Promoter(fx.context(prodFiles)).promote(staging, "1.0.0", new Percent(100));
        BarrierStore prod = new BarrierStore(prodFiles);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Promoter.Result>> fs = new ArrayList<>();
        for (String v : new String[] {"1.1.0", "1.2.0"}) {
            fs.add(pool.submit(() -> new Promoter(fx.context(prod)).promote(staging, v, new Percent(5))));
        }
        List<String> winners = new ArrayList<>();
        List<Throwable> losers = new ArrayList<>();
        for (Future<Promoter.Result> f : fs) {
            try {
                winners.add(f.get().version());
            } catch (java.util.concurrent.ExecutionException e) {
                losers.add(e.getCause());
            }
        }
        pool.shutdownNow();
        assertThat(winners).hasSize(1);
        assertThat(losers).hasSize(1);
        assertThat(losers.get(0)).isInstanceOf(StoreConflictException.class)
                .hasMessageContaining("was changed by someone else while this command ran")
                .hasMessageContaining("nothing was changed by this command");
        String winner = winners.get(0);
        String loser = winner.equals("1.1.0") ? "1.2.0" : "1.1.0";
        StoreLayout layout = new StoreLayout(ReleaseFixture.APP);
        var pointer = new ChannelStore(prodFiles, ReleaseFixture.APP, "production", fx.trusted).read();
        assertThat(pointer.signed()).isTrue();
        assertThat(pointer.sequence()).isEqualTo(2);
        assertThat(pointer.pointer().current().version()).isEqualTo(winner);
        var registry = new StoreRegistry(prodFiles, ReleaseFixture.APP).read();
        assertThat(registry.find(winner).orElseThrow().status()).isEqualTo(ReleaseStatus.CANARY);
        assertThat(registry.find(loser)).isEmpty();
        assertThat(registry.find("1.0.0").orElseThrow().status()).isEqualTo(ReleaseStatus.CURRENT);
        assertThat(prodFiles.list(layout.auditPrefix())).hasSize(2);
    }
}
