package io.otarelease.cli;

import java.io.PrintWriter;
import java.util.function.LongConsumer;

/** Prints progress of long byte-counting work to stderr, at most twice a second and only after a second. */
final class Progress implements LongConsumer {
    private final PrintWriter err;
    private final String verb;
    private final long start = System.nanoTime();
    private long lastPrint;
    private boolean printed;

    Progress(PrintWriter err, String verb) {
        this.err = err;
        this.verb = verb;
    }

    @Override
    public synchronized void accept(long bytes) {
        long now = System.nanoTime();
        if (now - start < 1_000_000_000L || now - lastPrint < 500_000_000L) {
            return;
        }
        lastPrint = now;
        printed = true;
        err.printf("\r%s: %,d MB", verb, bytes / (1024 * 1024));
        err.flush();
    }

    synchronized void done() {
        if (printed) {
            err.println();
            err.flush();
        }
    }
}
