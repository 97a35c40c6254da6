package io.otarelease.signer;

import io.otarelease.core.serve.RateLimiter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A server log for lines a hostile peer can cause (refused handshakes, rate-limited requests): a burst of 20
 * lines, then one a second, so a flood cannot fill the disk. Lines dropped meanwhile are counted in the next one.
 */
final class LimitedLog {
    static final int BURST = 20;
    private final Consumer<String> log;
    private final RateLimiter limiter;
    private final AtomicLong suppressed = new AtomicLong();

    LimitedLog(Consumer<String> log, LongSupplier nanoTime) {
        this.log = log;
        this.limiter = new RateLimiter(1, BURST, nanoTime, 1);
    }

    void accept(String line) {
        if (limiter.acquire("log") > 0) {
            suppressed.incrementAndGet();
            return;
        }
        long dropped = suppressed.getAndSet(0);
        log.accept(dropped == 0 ? line : line + " (" + dropped + " similar line(s) suppressed before this one)");
    }
}
