package io.otarelease.jenkins;

import java.io.PrintStream;
import java.util.function.LongConsumer;

/**
 * Reports hashing progress to the build log once per {@code step} bytes, so a long hash of a large bundle shows it
 * is alive. Called from several hashing threads with a running total (once per 256 KiB read, so the lock costs
 * nothing); each boundary is printed at most once, in order. On an agent the stream is the remote build log.
 */
final class BuildLogProgress implements LongConsumer {
    static final long DEFAULT_STEP = 64L * 1024 * 1024;

    private final PrintStream out;
    private final long step;
    private long next;

    BuildLogProgress(PrintStream out, long step) {
        this.out = out;
        this.step = step;
        this.next = step;
    }

    @Override
    public synchronized void accept(long total) {
        if (total >= next) {
            next = (total / step + 1) * step;
            out.println("otaSign: hashed " + (total >= 1 << 20 ? (total >> 20) + " MiB" : total + " bytes"));
        }
    }
}
