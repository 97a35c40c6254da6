package io.otarelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.store.CountingS3;
import io.otarelease.core.store.S3Store;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.testing.ReleaseFixture;
import io.otarelease.core.testing.S3ProxyServer;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The S3 requests of a release grow with the change, not with the store: stage + promote of a release that changes
 * 3 files, and the audit check of a re-run, counted as the SDK sends them against S3Proxy, with a store holding few
 * or many blobs (and audit records) from earlier releases.
 */
class StoreRequestsTest {
    static final int CHANGED = 3;
    /**
     * The fixed cost of the two guards a release passes since the store-writer and gc work: the signed channel
     * history (one GET, one compare-and-swap PUT) and the announcement to gc (PUT, GET of gc's lease, DELETE).
     * Constant in the size of the store, like everything else here.
     */
    static final int GUARDS = 2 + 3;
    static final String STAGING = "ota-requests-staging";
    static final String PROD = "ota-requests-prod";
    static S3ProxyServer s3;
    final StoreLayout layout = new StoreLayout(ReleaseFixture.APP);
    final CountingS3 counter = new CountingS3();

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @Test
    void stageAndPromoteOfAThreeFileChangeCostTheSameWithAHundredOrOverAThousandBlobsInTheStore(
            @TempDir Path small, @TempDir Path large) {
        List<CountingS3.Sent> few = incrementalRelease(small, 100);
        List<CountingS3.Sent> many = incrementalRelease(large, 1_100); // more than one listing page (1,000 keys)

        assertThat(few.size()).as("requests of stage + promote: %s", few).isLessThanOrEqualTo(3 * CHANGED + 15 + GUARDS);
        assertThat(few).filteredOn(r -> r.path().contains("/history/")).hasSize(2);
        assertThat(few).filteredOn(r -> r.path().contains("/leases/")).hasSize(3);
        assertThat(many.size()).as("the same with 1,100 blobs: %s", many).isEqualTo(few.size());
        assertThat(many).noneMatch(r -> r.operation().equals("ListObjectsV2"));
        // immutable objects are only ever written with If-None-Match: *, copies included
        assertThat(many).filteredOn(r -> r.operation().equals("CopyObject")).hasSize(CHANGED)
                .allMatch(r -> "*".equals(r.ifNoneMatch()));
        assertThat(many).filteredOn(r -> r.operation().equals("PutObject") && (r.path().contains("/blobs/")
                || r.path().contains("/releases/") || r.path().contains("/audit/")))
                .hasSize(CHANGED + 2 + 2 + 1).allMatch(r -> "*".equals(r.ifNoneMatch()));
    }

    @Test
    void theAuditCheckOfAReRunDoesNotGrowWithTheAuditLog(@TempDir Path few, @TempDir Path many) {
        List<CountingS3.Sent> small = reRunAfter(few, 10);
        List<CountingS3.Sent> large = reRunAfter(many, 1_100);
        assertThat(large.size()).as("re-run with 1,100 older audit records: %s", large).isEqualTo(small.size());
        assertThat(large).filteredOn(r -> r.operation().equals("ListObjectsV2")).hasSize(1);
    }

    /** Stage and promote 1.0.0 (40 files), then count staging and promoting 1.1.0, which changes 3 of them. */
    private List<CountingS3.Sent> incrementalRelease(Path tmp, int seededBlobs) {
        ReleaseFixture fx = new ReleaseFixture(tmp);
        String run = "t-" + UUID.randomUUID();
        S3Store staging = open(STAGING, run);
        S3Store prod = open(PROD, run);
        IntFunction<String> blob = i -> layout.blob(randomHash());
        seed(STAGING, run, seededBlobs, blob);
        seed(PROD, run, seededBlobs, blob);
        Map<String, String> v1 = files("1.0.0");
        Map<String, String> v2 = new TreeMap<>(v1);
        for (int i = 0; i < CHANGED; i++) {
            v2.put("js/f" + i + ".js", "// file " + i + " of 1.1.0\n");
        }
        new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock)
                .stage(fx.bundle("1.0.0", v1));
        new Promoter(fx.context(prod)).promote(staging, "1.0.0", new Percent(100));
        Path bundle = fx.bundle("1.1.0", v2);

        counter.reset(); // from here on, what two fresh `ota stage` and `ota promote` processes would send
        Stager.Result staged = new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted,
                fx.clock).stage(bundle);
        Promoter.Result promoted = new Promoter(fx.context(prod)).promote(staging, "1.1.0", new Percent(100));
        assertThat(staged.blobsUploaded()).isEqualTo(CHANGED);
        assertThat(promoted.blobsCopied()).isEqualTo(CHANGED);
        assertThat(promoted.sequence()).isEqualTo(2);
        return counter.sent();
    }

    /** Release 1.0.0, add {@code records} older audit records, then count re-running the same promotion. */
    private List<CountingS3.Sent> reRunAfter(Path tmp, int records) {
        ReleaseFixture fx = new ReleaseFixture(tmp);
        String run = "t-" + UUID.randomUUID();
        S3Store staging = open(STAGING, run);
        S3Store prod = open(PROD, run);
        new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock)
                .stage(fx.bundle("1.0.0", files("1.0.0")));
        new Promoter(fx.context(prod)).promote(staging, "1.0.0", new Percent(100));
        seed(PROD, run, records, i -> layout.audit(String.format("20240101T0000%02d.%03dZ", i / 1000 % 60, i % 1000),
                1_000 + i));
        int before = prod.list(layout.auditPrefix()).size();
        assertThat(before).isEqualTo(records + 1);

        counter.reset();
        Promoter.Result again = new Promoter(fx.context(prod)).promote(staging, "1.0.0", new Percent(100));
        List<CountingS3.Sent> sent = counter.sent();
        assertThat(again.pointerChanged()).isFalse();
        assertThat(prod.list(layout.auditPrefix())).as("the record of sequence 1 was found").hasSize(before);
        return sent;
    }

    private S3Store open(String bucket, String run) {
        s3.store(bucket, run).close(); // creates the bucket
        return counter.open(s3.endpoint(), bucket, run);
    }

    private static Map<String, String> files(String version) {
        Map<String, String> m = ReleaseFixture.files(40, version, 0);
        m.put("index.html", "<html>app</html>\n"); // the same in every version: only the 3 files change
        return m;
    }

    /** Puts {@code n} small objects into the bucket behind S3Proxy (not counted), as earlier releases left them. */
    private static void seed(String bucket, String run, int n, IntFunction<String> key) {
        for (int i = 0; i < n; i++) {
            String k = run + "/" + key.apply(i);
            s3.seed(bucket, k, k.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private static String randomHash() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
