package io.otarelease.core.testing;

import io.otarelease.core.OtaException;
import io.otarelease.core.store.Store;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/**
 * A real store that fails on demand: writes whose (operation, key) match a rule throw as a broken network would,
 * after {@code skip} matching writes went through. Used to prove that nothing is left half-done.
 */
public final class FailingStore extends ForwardingStore {
    private volatile BiPredicate<String, String> rule = (op, key) -> false;
    private final AtomicInteger skip = new AtomicInteger();
    public final AtomicInteger failures = new AtomicInteger();

    public FailingStore(Store delegate) {
        super(delegate);
    }

    /** Fails writes matching {@code rule} once {@code after} matching writes succeeded; until {@link #heal()}. */
    public FailingStore failWrites(BiPredicate<String, String> rule, int after) {
        this.skip.set(after);
        this.rule = rule;
        return this;
    }

    public void heal() {
        rule = (op, key) -> false;
    }

    /** Writes are "put" (new objects, compare-and-swap and copies alike) or "delete"; reads never fail. */
    @Override
    protected void before(String operation, String key) {
        String op = switch (operation) {
            case "put", "putIfMatch", "copy" -> "put";
            case "delete" -> "delete";
            default -> null;
        };
        if (op != null && rule.test(op, key) && skip.getAndDecrement() <= 0) {
            failures.incrementAndGet();
            throw new OtaException.Infrastructure("cannot " + op + " " + url() + key + ": connection reset (injected)");
        }
    }
}
