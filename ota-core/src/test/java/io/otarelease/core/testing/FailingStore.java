package io.otarelease.core.testing;

import io.otarelease.core.OtaException;
import io.otarelease.core.store.Body;
import io.otarelease.core.store.Store;
import io.otarelease.core.store.StoredObject;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiPredicate;

/**
 * A real store that fails on demand: writes whose (operation, key) match a rule throw as a broken network would,
 * after {@code skip} matching writes went through. Used to prove that nothing is left half-done.
 */
public final class FailingStore implements Store {
    private final Store delegate;
    private volatile BiPredicate<String, String> rule = (op, key) -> false;
    private final AtomicInteger skip = new AtomicInteger();
    public final AtomicInteger failures = new AtomicInteger();

    public FailingStore(Store delegate) {
        this.delegate = delegate;
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

    private void check(String op, String key) {
        if (rule.test(op, key) && skip.getAndDecrement() <= 0) {
            failures.incrementAndGet();
            throw new OtaException.Infrastructure("cannot " + op + " " + url() + key + ": connection reset (injected)");
        }
    }

    @Override
    public String url() {
        return delegate.url();
    }

    @Override
    public Optional<StoredObject> get(String key) {
        return delegate.get(key);
    }

    @Override
    public Optional<InputStream> open(String key) {
        return delegate.open(key);
    }

    @Override
    public boolean exists(String key) {
        return delegate.exists(key);
    }

    @Override
    public Optional<String> putIfAbsent(String key, Body body) {
        check("put", key);
        return delegate.putIfAbsent(key, body);
    }

    @Override
    public String putIfMatch(String key, Body body, String etag) {
        check("put", key);
        return delegate.putIfMatch(key, body, etag);
    }

    @Override
    public List<Entry> listEntries(String prefix) {
        return delegate.listEntries(prefix);
    }

    @Override
    public void delete(String key) {
        check("delete", key);
        delegate.delete(key);
    }

    @Override
    public boolean copyIfAbsent(Store source, String key) {
        check("put", key);
        return delegate.copyIfAbsent(source, key);
    }
}
