package io.otarelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.core.OtaException;
import io.otarelease.core.registry.RegistryDocument;
import io.otarelease.core.registry.ReleaseStatus;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.store.Store;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.testing.PausingStore;
import io.otarelease.core.testing.ReleaseFixture;
import io.otarelease.core.testing.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ota gc} racing a promotion that reuses a blob only an old, archived release had: production holds it, so
 * the promotion does not copy it, and gc (which read the manifests before the new one appeared) counts it as
 * garbage. A {@link PausingStore} holds one side at the interleaving point, on the file store and on S3Proxy.
 */
class GcRacingPromotionTest {
    static final Duration GRACE = Duration.ofDays(7);
    static final String REUSED = "// file 0 of 1.0.0\n";
    static S3ProxyServer s3;

    @TempDir
    Path tmp;
    ReleaseFixture fx;
    Store staging;
    Store prod;
    final StoreLayout layout = new StoreLayout(ReleaseFixture.APP);

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    /** Four releases promoted in turn, then eight days later: 1.0.0 archived, its own blobs past the grace. */
    void setUp(String kind) {
        fx = new ReleaseFixture(tmp);
        if (kind.equals("file")) {
            staging = new FileStore(tmp.resolve("staging"));
            prod = new FileStore(tmp.resolve("prod"));
        } else {
            String run = "gc-" + UUID.randomUUID();
            staging = s3.store("acme-ota-staging", run);
            prod = s3.store("acme-ota-prod", run);
        }
        Stager stager = new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock);
        for (String v : new String[] {"1.0.0", "1.1.0", "1.2.0", "1.3.0"}) {
            stager.stage(fx.bundle(v));
            new Promoter(fx.context(prod)).promote(staging, v, new Percent(100));
            fx.clock.advance(Duration.ofMinutes(1));
        }
        assertThat(registry().find("1.0.0").orElseThrow().status()).isEqualTo(ReleaseStatus.ARCHIVED);
        // the engine's clock moves on; the stores stamp objects with the real time, so from here every blob is
        // past the grace period: no age rule protects anything below, only the gc lease does
        fx.clock.advance(Duration.ofDays(8));
        // 2.0.0 brings back a file only 1.0.0 had
        Map<String, String> files = new TreeMap<>(ReleaseFixture.files(6, "2.0.0", 2));
        files.put("js/legacy.js", REUSED);
        stager.stage(fx.bundle("2.0.0", files));
        assertThat(prod.exists(reusedBlob())).isTrue();
    }

    String reusedBlob() {
        return layout.blob(Stager.sha256(REUSED.getBytes(StandardCharsets.UTF_8)));
    }

    RegistryDocument registry() {
        return new StoreRegistry(prod, ReleaseFixture.APP).read();
    }

    GarbageCollector.Result gc(Store store) {
        return GarbageCollector.collect(store, ReleaseFixture.APP, registry(), fx.clock, GRACE, false);
    }

    /** What a device would need: the reused blob, then every blob of the release served, its signature valid. */
    void assertServedCompletely(String version) {
        assertThat(prod.exists(reusedBlob())).as("the blob 2.0.0 reuses from 1.0.0").isTrue();
        assertThat(ChannelPointers.show(fx.context(prod)).pointer().current().version()).isEqualTo(version);
        StoredRelease.read(prod, layout, version, fx.trusted).requireBlobs(prod, layout);
        assertThat(prod.list(layout.leasesPrefix())).as("no lease left behind").isEmpty();
    }

    /** Runs a command as an operator would; an error (exit 3 says "run it again") is returned, not thrown. */
    static OtaException attempt(Runnable command) {
        try {
            command.run();
            return null;
        } catch (OtaException e) {
            return e;
        }
    }

    void promote() {
        new Promoter(fx.context(prod)).promote(staging, "2.0.0", new Percent(100));
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "s3"})
    void aPromotionWhileGcHoldsItsReferencesWaitsAndTheReleaseKeepsEveryBlob(String kind) throws Exception {
        setUp(kind);
        // gc has read what is referenced (2.0.0 is not in production yet) and stands before listing the blobs
        PausingStore gcView = new PausingStore(prod, "list", layout.blobsPrefix());
        CompletableFuture<OtaException> gc = CompletableFuture.supplyAsync(() -> attempt(() -> gc(gcView)));
        gcView.awaitPaused();

        OtaException promotion = attempt(this::promote);
        gcView.resume();
        assertThat(gc.get(60, TimeUnit.SECONDS)).isNull();
        if (promotion != null) {
            promote(); // exit 3: run it again
        }

        assertServedCompletely("2.0.0");
        assertThat(promotion).as("the promotion refused to run beside gc").isInstanceOf(OtaException.Infrastructure.class)
                .hasMessageContaining("gc is deleting unused blobs in " + prod.url())
                .hasMessageContaining("nothing was promoted");
        assertThat(gc(prod).deleted()).doesNotContain(reusedBlob());
        assertServedCompletely("2.0.0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "s3"})
    void gcDuringAPromotionThatReusesAnOldBlobDeletesNothing(String kind) throws Exception {
        setUp(kind);
        // the promotion found the old blob already in production (its conditional copy wrote nothing) and stands
        // before writing the release's signature and manifest
        PausingStore promoterView = new PausingStore(prod, "put", layout.manifestSignature("2.0.0"));
        CompletableFuture<OtaException> promotion = CompletableFuture.supplyAsync(() -> attempt(() ->
                new Promoter(fx.context(promoterView)).promote(staging, "2.0.0", new Percent(100))));
        promoterView.awaitPaused();

        int blobs = prod.list(layout.blobsPrefix()).size();
        OtaException gc = attempt(() -> gc(prod));
        int blobsAfterGc = prod.list(layout.blobsPrefix()).size();
        promoterView.resume();
        OtaException promoted = promotion.get(60, TimeUnit.SECONDS);
        if (promoted != null) {
            promote(); // as an operator re-runs a failed promotion
        }

        assertServedCompletely("2.0.0");
        assertThat(promoted).isNull();
        assertThat(blobsAfterGc).isEqualTo(blobs);
        assertThat(gc).as("gc refused to run beside the promotion").isInstanceOf(OtaException.Infrastructure.class)
                .hasMessageContaining("a promotion is in progress (" + prod.url() + layout.leasesPrefix() + "promote-")
                .hasMessageContaining("tester promoting 2.0.0").hasMessageContaining("gc deleted nothing");
        // once the promotion is done, gc runs and keeps what 2.0.0 needs
        assertThat(gc(prod).deleted()).isNotEmpty().doesNotContain(reusedBlob());
        assertServedCompletely("2.0.0");
    }
}
