package io.otarelease.core.store;

import io.otarelease.client.layout.StoreLayout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import io.otarelease.core.registry.RegistryDocument;
import io.otarelease.core.release.GarbageCollector;
import io.otarelease.core.testing.SmallTmpfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Partial files of failed writes: a full disk (a real 1 MiB tmpfs) must not stay full, and gc sweeps leftovers. */
class FileStoreTemporariesTest {
    static final String APP = "com.example.shop";
    static final StoreLayout LAYOUT = new StoreLayout(APP);

    @TempDir
    Path tmp;

    static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    static List<Path> temporaries(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
        }
    }

    @Test
    void aWriteThatFillsTheDiskRemovesItsTemporaryFileSoRetriesAndOtherWritesStillFit() throws Exception {
        Path mount = Files.createDirectories(tmp.resolve("small"));
        try (SmallTmpfs fs = SmallTmpfs.mount(mount, "1m")) {
            FileStore store = new FileStore(fs.dir());
            long free = Files.getFileStore(fs.dir()).getUsableSpace();
            byte[] big = random(1536 * 1024);
            String blob = LAYOUT.blob(FileStore.etag(big));
            for (int attempt = 1; attempt <= 3; attempt++) {
                assertThatThrownBy(() -> store.putIfAbsent(blob, Body.of(big)))
                        .isInstanceOf(OtaException.Infrastructure.class)
                        .hasMessageContaining("cannot write " + store.url() + blob)
                        .hasMessageContaining("No space left on device");
                assertThat(temporaries(fs.dir())).as("after attempt " + attempt).isEmpty();
                assertThat(store.exists(blob)).isFalse();
            }
            assertThatThrownBy(() -> store.putIfMatch(LAYOUT.registry(), Body.of(big), null))
                    .isInstanceOf(OtaException.Infrastructure.class).hasMessageContaining("No space left on device");
            assertThat(temporaries(fs.dir())).isEmpty();
            // the space came back: a write that fits still succeeds
            assertThat(Files.getFileStore(fs.dir()).getUsableSpace()).isGreaterThan(free - 64 * 1024);
            byte[] small = random(700 * 1024);
            assertThat(store.putIfAbsent(LAYOUT.blob(FileStore.etag(small)),
                    Body.of(small))).isPresent();
        }
    }

    @Test
    void gcRemovesTemporaryFilesOlderThanTheGracePeriodAndKeepsYoungerOnes() throws Exception {
        FileStore store = new FileStore(tmp.resolve("store"));
        byte[] kept = random(10);
        store.putIfAbsent(LAYOUT.blob(FileStore.etag(kept)), Body.of(kept));
        Path dir = Files.createDirectories(tmp.resolve("store").resolve(LAYOUT.blobsPrefix()).resolve("ab"));
        Path stale = Files.write(dir.resolve(".tmp-111"), random(4096));
        Path young = Files.write(dir.resolve(".tmp-222"), random(100));
        Path otherApp = Files.write(Files.createDirectories(tmp.resolve("store/other.app/blobs")).resolve(".tmp-333"),
                random(100));
        Instant now = Instant.now();
        Files.setLastModifiedTime(stale, FileTime.from(now.minus(Duration.ofDays(8))));
        Files.setLastModifiedTime(otherApp, FileTime.from(now.minus(Duration.ofDays(8))));
        Clock clock = Clock.fixed(now, java.time.ZoneOffset.UTC);

        var dry = GarbageCollector.collect(store, APP, RegistryDocument.empty(APP), clock, Duration.ofDays(7), true);
        assertThat(dry.temporaries()).extracting(Store.Entry::key)
                .containsExactly(APP + "/blobs/sha256/ab/.tmp-111");
        assertThat(stale).exists();

        var real = GarbageCollector.collect(store, APP, RegistryDocument.empty(APP), clock, Duration.ofDays(7), false);
        assertThat(real.temporaries()).singleElement().satisfies(e -> assertThat(e.size()).isEqualTo(4096));
        assertThat(stale).doesNotExist();
        assertThat(young).exists();
        assertThat(otherApp).as("another app's files are not this gc's").exists();
        assertThat(store.list(APP + "/")).hasSize(1);
    }
}
