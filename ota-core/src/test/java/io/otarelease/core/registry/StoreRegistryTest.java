package io.otarelease.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import io.otarelease.core.store.Body;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.store.Store;
import io.otarelease.core.testing.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreRegistryTest {
    static S3ProxyServer s3;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    static ReleaseEntry entry(String version) {
        return new ReleaseEntry(version, "sha256:" + "0".repeat(64), ReleaseStatus.STAGED, "2026-03-29T14:00:00Z",
                null, null, null);
    }

    /** An update starts from what this object read (one GET less); a writer in between is never overwritten. */
    @Test
    void anUpdateAfterAnotherWriterStartsFromTheLatestDocument(@TempDir Path tmp) {
        Store store = new FileStore(tmp);
        StoreRegistry mine = new StoreRegistry(store, "com.example.shop");
        StoreRegistry theirs = new StoreRegistry(store, "com.example.shop");
        assertThat(mine.read().releases()).isEmpty();
        theirs.update(d -> d.put(entry("1.0.0")));
        // judged on what it read first this change would refuse; it must be judged on the latest document
        RegistryDocument after = mine.update(d -> {
            if (d.find("1.0.0").isEmpty()) {
                throw new OtaException.CheckFailed("1.0.0 is not there");
            }
            return d.put(entry("2.0.0"));
        });
        assertThat(after.releases()).extracting(ReleaseEntry::version).containsExactlyInAnyOrder("1.0.0", "2.0.0");
        theirs.update(d -> d.put(entry("3.0.0")));
        mine.update(d -> d.put(entry("4.0.0"))); // its cache (after its own write) is stale again
        assertThat(new StoreRegistry(store, "com.example.shop").read().releases()).extracting(ReleaseEntry::version)
                .containsExactlyInAnyOrder("1.0.0", "2.0.0", "3.0.0", "4.0.0");
    }

    /** Eight writers, fifty updates each, all at once: every update must land. */
    static void eightWritersLoseNone(Registry registry) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        String v = writer + "." + i + ".0";
                        registry.update(d -> d.put(entry(v)));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        RegistryDocument d = registry.read();
        assertThat(d.releases()).hasSize(400);
        assertThat(d.revision()).isEqualTo(400);
    }

    @Test
    void eightWritersDoingFiftyUpdatesEachLoseNoneOnTheFileStore(@TempDir Path tmp) throws Exception {
        eightWritersLoseNone(new StoreRegistry(new FileStore(tmp), "com.example.shop"));
    }

    @Test
    void eightWritersAcrossSeparateStoreInstancesLoseNone(@TempDir Path tmp) throws Exception {
        // separate FileStore objects share only the directory: the file lock, not a JVM lock, protects them
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> fs = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            int writer = w;
            fs.add(pool.submit(() -> {
                Registry r = new StoreRegistry(new FileStore(tmp), "com.example.shop");
                for (int i = 0; i < 50; i++) {
                    String v = writer + "." + i + ".0";
                    r.update(d -> d.put(entry(v)));
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdownNow();
        assertThat(new StoreRegistry(new FileStore(tmp), "com.example.shop").read().releases()).hasSize(400);
    }

    @Test
    void aWriterThatLosesTheRaceOnS3ReappliesItsChangeOnTheNewState() {
        Store store = s3.store("ota-registry", "r-" + UUID.randomUUID());
        Registry a = new StoreRegistry(store, "com.example.shop");
        Registry b = new StoreRegistry(store, "com.example.shop");
        a.update(d -> d.put(entry("1.0.0")));
        AtomicBoolean interfered = new AtomicBoolean();
        List<Integer> attempts = new ArrayList<>();
        RegistryDocument out = a.update(d -> {
            attempts.add(d.releases().size());
            if (interfered.compareAndSet(false, true)) {
                b.update(x -> x.put(entry("2.0.0"))); // another writer lands between our read and our write
            }
            return d.put(entry("3.0.0"));
        });
        assertThat(attempts).containsExactly(1, 2); // retried once, on the state that includes 2.0.0
        assertThat(out.releases()).extracting(ReleaseEntry::version).containsExactlyInAnyOrder("1.0.0", "2.0.0", "3.0.0");
        assertThat(a.read().releases()).hasSize(3);
    }

    @Test
    void aDamagedRegistryIsReportedNotOverwritten(@TempDir Path tmp) {
        FileStore store = new FileStore(tmp);
        store.putIfAbsent("com.example.shop/registry.json", Body.of("{\"schema\":\"ota-registry/1\",".getBytes(
                StandardCharsets.UTF_8)));
        Registry r = new StoreRegistry(store, "com.example.shop");
        assertThatThrownBy(r::read).isInstanceOf(OtaException.class).hasMessageContaining("registry is damaged")
                .hasMessageContaining("registry.json");
        assertThatThrownBy(() -> r.update(d -> d.put(entry("1.0.0")))).hasMessageContaining("damaged");
    }

    @Test
    void documentsRoundTripAndNameBadFields() {
        RegistryDocument d = RegistryDocument.empty("com.example.shop").put(entry("1.0.0"))
                .put(entry("1.1.0").withStatus(ReleaseStatus.CURRENT).released("2026-03-29T15:00:00Z"));
        assertThat(RegistryDocument.parse(d.toBytes(), "r.json")).isEqualTo(d);
        String bad = new String(d.toBytes(), StandardCharsets.UTF_8).replace("\"current\"", "\"live\"");
        assertThatThrownBy(() -> RegistryDocument.parse(bad.getBytes(StandardCharsets.UTF_8), "r.json"))
                .hasMessageContaining("r.json: releases[1].status").hasMessageContaining("unknown status \"live\"");
    }
}
