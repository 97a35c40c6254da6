package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.core.release.GcLease;
import io.otarelease.core.store.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ota gc} as an operator runs it beside a promotion, and on what failed writes left behind. */
class GcCommandTest {
    @TempDir
    Path tmp;

    @Test
    void gcExitsThreeWhileAPromotionRunsThenSweepsStaleTemporaryFiles() throws Exception {
        Path root = tmp.resolve("prod");
        Path blobs = Files.createDirectories(root.resolve("com.example.shop/blobs/sha256/ab"));
        Path stale = Files.write(blobs.resolve(".tmp-4242"), new byte[8192]);
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(8))));
        String store = "file://" + root;

        try (GcLease promotion = GcLease.forPromotion(new FileStore(root), "com.example.shop", Clock.systemUTC(),
                "release-bot", "3.4.1")) {
            CliRun refused = CliRun.of("gc", "--store", store, "--app-id", "com.example.shop");
            assertThat(refused.exitCode()).as(refused.all()).isEqualTo(3);
            assertThat(refused.err()).contains("a promotion is in progress (" + store + "/com.example.shop/leases/promote-",
                    "release-bot promoting 3.4.1", "gc deleted nothing").doesNotContain("\tat ");
            assertThat(stale).exists();
        }

        CliRun gc = CliRun.of("gc", "--store", store, "--app-id", "com.example.shop");
        assertThat(gc.exitCode()).as(gc.all()).isZero();
        assertThat(gc.out()).contains("deleted 0 of 0 blobs", "deleted 1 temporary files of failed writes (8,192 bytes)");
        assertThat(stale).doesNotExist();
        assertThat(root.resolve("com.example.shop/leases")).isEmptyDirectory();
    }
}
