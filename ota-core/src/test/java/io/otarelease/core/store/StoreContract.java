package io.otarelease.core.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import io.otarelease.core.testing.S3ProxyServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** What every store must do; run on a directory and on a real S3 endpoint (S3Proxy). */
abstract class StoreContract {
    abstract Store store();

    @Test
    void missingObjectsAreEmptyNotErrors() {
        assertThat(store().get("app/registry.json")).isEmpty();
        assertThat(store().open("app/registry.json")).isEmpty();
        assertThat(store().exists("app/registry.json")).isFalse();
        assertThat(store().list("app/")).isEmpty();
    }

    @Test
    void putIfAbsentNeverReplacesAnObject() throws Exception {
        Store s = store();
        assertThat(s.putIfAbsent("app/blobs/sha256/ab/x", Body.of("first".getBytes(UTF_8)))).isPresent();
        assertThat(s.putIfAbsent("app/blobs/sha256/ab/x", Body.of("second".getBytes(UTF_8)))).isEmpty();
        assertThat(new String(s.get("app/blobs/sha256/ab/x").orElseThrow().bytes(), UTF_8)).isEqualTo("first");
        try (InputStream in = s.open("app/blobs/sha256/ab/x").orElseThrow()) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("first");
        }
    }

    @Test
    void putIfMatchReplacesOnlyTheVersionThatWasRead() {
        Store s = store();
        String e1 = s.putIfMatch("app/registry.json", Body.of("v1".getBytes(UTF_8)), null);
        StoredObject read = s.get("app/registry.json").orElseThrow();
        assertThat(read.etag()).isEqualTo(e1);
        String e2 = s.putIfMatch("app/registry.json", Body.of("v2".getBytes(UTF_8)), e1);
        assertThat(e2).isNotEqualTo(e1);
        // a writer still holding the first version loses, and writes nothing
        assertThatThrownBy(() -> s.putIfMatch("app/registry.json", Body.of("stale".getBytes(UTF_8)), e1))
                .isInstanceOf(StoreConflictException.class).hasMessageContaining("registry.json changed");
        // creating what exists is a conflict too
        assertThatThrownBy(() -> s.putIfMatch("app/registry.json", Body.of("new".getBytes(UTF_8)), null))
                .isInstanceOf(StoreConflictException.class);
        assertThat(new String(s.get("app/registry.json").orElseThrow().bytes(), UTF_8)).isEqualTo("v2");
    }

    @Test
    void listsKeysUnderAPrefixSortedAndDeletes() {
        Store s = store();
        s.putIfAbsent("app/releases/1.0.1/manifest.json", Body.of(new byte[] {1}));
        s.putIfAbsent("app/releases/1.0.0/manifest.json", Body.of(new byte[] {2}));
        s.putIfAbsent("app/releases/1.0.0/manifest.sig", Body.of(new byte[] {3}));
        s.putIfAbsent("other/releases/1.0.0/manifest.json", Body.of(new byte[] {4}));
        assertThat(s.list("app/releases/")).containsExactly("app/releases/1.0.0/manifest.json",
                "app/releases/1.0.0/manifest.sig", "app/releases/1.0.1/manifest.json");
        s.delete("app/releases/1.0.0/manifest.sig");
        assertThat(s.exists("app/releases/1.0.0/manifest.sig")).isFalse();
        assertThat(s.list("app/releases/1.0.0/")).containsExactly("app/releases/1.0.0/manifest.json");
    }

    @Test
    void listsOnlyTheKeysAfterAGivenOne() {
        Store s = store();
        for (String stamp : new String[] {"20260101T000000.000Z-1", "20260102T000000.000Z-2", "20260103T000000.000Z-3"}) {
            s.putIfAbsent("app/audit/" + stamp + ".json", Body.of(new byte[] {1}));
        }
        s.putIfAbsent("other/audit/20260104T000000.000Z-4.json", Body.of(new byte[] {1}));
        assertThat(s.listAfter("app/audit/", "app/audit/20260102T000000.000Z")).containsExactly(
                "app/audit/20260102T000000.000Z-2.json", "app/audit/20260103T000000.000Z-3.json");
    }

    @Test
    void streamsAFileBody(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("big.bin");
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(1).nextBytes(data);
        Files.write(f, data);
        store().putIfAbsent("app/blobs/sha256/cd/big", Body.of(f));
        assertThat(store().get("app/blobs/sha256/cd/big").orElseThrow().bytes()).isEqualTo(data);
    }

    @Test
    void copiesOnlyWhatTheTargetLacks(@TempDir Path tmp) {
        Store source = new FileStore(tmp);
        source.putIfAbsent("app/blobs/sha256/aa/one", Body.of("one".getBytes(UTF_8)));
        source.putIfAbsent("app/blobs/sha256/aa/two", Body.of("two".getBytes(UTF_8)));
        store().putIfAbsent("app/blobs/sha256/aa/two", Body.of("two".getBytes(UTF_8)));
        assertThat(store().copyIfAbsent(source, "app/blobs/sha256/aa/one")).isTrue();
        assertThat(store().copyIfAbsent(source, "app/blobs/sha256/aa/two")).isFalse();
        assertThat(store().get("app/blobs/sha256/aa/one").orElseThrow().bytes()).isEqualTo("one".getBytes(UTF_8));
    }
}
