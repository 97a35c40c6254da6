package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BuildLogProgressTest {
    @Test
    void eachBoundaryIsReportedOnceWhateverTheNumberOfHashingThreads() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long mib = 1 << 20;
        BuildLogProgress p = new BuildLogProgress(new PrintStream(out, true, StandardCharsets.UTF_8), 64 * mib);
        AtomicLong total = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 4 * 1024; i++) {
            pool.submit(() -> p.accept(total.addAndGet(64 * 1024)));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        // 256 MiB hashed in 64 KiB pieces: the 64, 128, 192 and 256 MiB marks, each at most once (threads may
        // report totals out of order, so a mark can be passed by a later total and reported with it)
        var lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSizeBetween(2, 4).doesNotHaveDuplicates()
                .allMatch(l -> l.matches("otaSign: hashed \\d+ MiB"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("otaSign: hashed 256 MiB");
    }

    @Test
    void nothingIsReportedBeforeTheFirstStep() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BuildLogProgress p = new BuildLogProgress(new PrintStream(out, true, StandardCharsets.UTF_8), 1000);
        p.accept(999);
        assertThat(out.size()).isZero();
        p.accept(2500);
        p.accept(2600);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("otaSign: hashed 2500 bytes\n");
    }

    @Test
    void stagingReportsEachTenthOfTheUploadOnce() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StageBundle.UploadProgress p = new StageBundle.UploadProgress(new PrintStream(out, true,
                StandardCharsets.UTF_8));
        p.update(0, 1000, 0, 4);
        p.update(50, 1000, 1, 4);
        p.update(120, 1000, 2, 4);
        p.update(150, 1000, 2, 4);
        p.update(1000, 1000, 4, 4);
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "otaPromote: staging 0/4 new files, 0/1000 bytes",
                "otaPromote: staging 2/4 new files, 120/1000 bytes",
                "otaPromote: staging 4/4 new files, 1000/1000 bytes");
    }
}
