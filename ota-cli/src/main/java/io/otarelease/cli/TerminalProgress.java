package io.otarelease.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Prints progress of long byte-counting work to stderr, only after a second (short work stays quiet). On a terminal
 * one line is redrawn with {@code \r} twice a second; anywhere else (a CI log, a pipe) a whole line is printed every
 * 10 seconds, since a log shows every {@code \r} redraw glued to the previous one.
 */
final class TerminalProgress implements LongConsumer {
    static final long QUIET_NANOS = 1_000_000_000L;
    static final long TERMINAL_EVERY_NANOS = 500_000_000L;
    static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final PrintWriter err;
    private final String verb;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final long start;
    private long lastPrint;
    private boolean printed;

    TerminalProgress(PrintWriter err, String verb, boolean terminal, LongSupplier nanoTime) {
        this.err = err;
        this.verb = verb;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
    }

    /** Progress on the command's stderr; redrawn in place only when the process runs on a terminal. */
    static TerminalProgress of(PrintWriter err, String verb) {
        return new TerminalProgress(err, verb, System.console() != null, System::nanoTime);
    }

    @Override
    public void accept(long bytes) {
        update(bytes, -1);
    }

    /** Bytes done so far of {@code total} (negative when unknown). Called from several threads. */
    synchronized void update(long bytes, long total) {
        long now = nanoTime.getAsLong();
        long every = terminal ? TERMINAL_EVERY_NANOS : LOG_EVERY_NANOS;
        if (now - start < QUIET_NANOS || (printed && now - lastPrint < every)) {
            return;
        }
        lastPrint = now;
        printed = true;
        String text = total > 0
                ? String.format(Locale.ROOT, "%s: %,d of %,d MB (%d%%)", verb, mb(bytes), mb(total), bytes * 100 / total)
                : String.format(Locale.ROOT, "%s: %,d MB", verb, mb(bytes));
        if (terminal) {
            err.print("\r" + text);
        } else {
            err.println(text);
        }
        err.flush();
    }

    /** Ends the redrawn line on a terminal; log lines are already whole. */
    synchronized void done() {
        if (printed && terminal) {
            err.println();
            err.flush();
        }
    }

    private static long mb(long bytes) {
        return bytes / (1024 * 1024);
    }
}
