package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress of {@code ota stage} and {@code ota manifest} on a terminal and in a CI log, on a simulated clock. */
class TerminalProgressTest {
    static final long MB = 1024 * 1024;
    static final long SECOND = 1_000_000_000L;

    final AtomicLong clock = new AtomicLong(42 * SECOND);
    final StringWriter text = new StringWriter();

    /** A 200 MB upload reporting every 100 ms of its 60 seconds, as a parallel upload does. */
    String upload(boolean terminal) {
        TerminalProgress p = new TerminalProgress(new PrintWriter(text), "uploading", terminal, clock::get);
        long total = 200 * MB;
        for (int tick = 1; tick <= 600; tick++) {
            clock.addAndGet(SECOND / 10);
            p.update(total * tick / 600, total);
        }
        p.done();
        return text.toString();
    }

    @Test
    void aLogGetsAFewWholeLinesWithoutCarriageReturns() {
        String log = upload(false);
        assertThat(log).doesNotContain("\r").startsWith("uploading: ").endsWith("\n");
        // after the first quiet second: one line each 10 s of the 60 s
        assertThat(log.lines()).hasSize(6).allMatch(l -> l.matches("uploading: [0-9]+ of 200 MB \\([0-9]+%\\)"));
        assertThat(log.lines().toList().get(0)).isEqualTo("uploading: 3 of 200 MB (1%)");
    }

    @Test
    void aTerminalRedrawsOneLineAndEndsIt() {
        String tty = upload(true);
        assertThat(tty).startsWith("\ruploading: ").endsWith("200 of 200 MB (100%)\n");
        assertThat(tty.chars().filter(c -> c == '\r').count()).isEqualTo(119);
        assertThat(tty.chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }

    @Test
    void workShorterThanASecondPrintsNothing() {
        TerminalProgress p = new TerminalProgress(new PrintWriter(text), "hashing", false, clock::get);
        clock.addAndGet(SECOND - 1);
        p.accept(500 * MB);
        p.done();
        assertThat(text.toString()).isEmpty();
        clock.addAndGet(1);
        p.accept(600 * MB);
        assertThat(text.toString()).isEqualTo("hashing: 600 MB\n");
    }
}
