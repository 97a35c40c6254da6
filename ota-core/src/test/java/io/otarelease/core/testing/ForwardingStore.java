package io.otarelease.core.testing;

import io.otarelease.core.store.Body;
import io.otarelease.core.store.Store;
import io.otarelease.core.store.StoredObject;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A real store seen through a test seam: every call, the interface's defaults included, goes to the store behind it
 * (so S3's bounded listing or a file store's temporaries behave as in production), after {@link #before} has seen
 * it. Subclasses fail, pause or hold a call there; they never answer in the store's place.
 */
public abstract class ForwardingStore implements Store {
    protected final Store delegate;

    protected ForwardingStore(Store delegate) {
        this.delegate = delegate;
    }

    /**
     * Called before each call reaches the store.
     *
     * @param operation {@code get}, {@code open}, {@code exists}, {@code list} (key: the prefix), {@code put}
     *     ({@code putIfAbsent}), {@code putIfMatch}, {@code copy} ({@code copyIfAbsent}) or {@code delete}
     */
    protected void before(String operation, String key) {
    }

    @Override
    public String url() {
        return delegate.url();
    }

    @Override
    public Optional<StoredObject> get(String key) {
        before("get", key);
        return delegate.get(key);
    }

    @Override
    public Optional<InputStream> open(String key) {
        before("open", key);
        return delegate.open(key);
    }

    @Override
    public boolean exists(String key) {
        before("exists", key);
        return delegate.exists(key);
    }

    @Override
    public Optional<String> putIfAbsent(String key, Body body) {
        before("put", key);
        return delegate.putIfAbsent(key, body);
    }

    @Override
    public String putIfMatch(String key, Body body, String etag) {
        before("putIfMatch", key);
        return delegate.putIfMatch(key, body, etag);
    }

    @Override
    public List<String> list(String prefix) {
        before("list", prefix);
        return delegate.list(prefix);
    }

    @Override
    public List<String> listAfter(String prefix, String startAfter) {
        before("list", prefix);
        return delegate.listAfter(prefix, startAfter);
    }

    @Override
    public List<Entry> listEntries(String prefix) {
        before("list", prefix);
        return delegate.listEntries(prefix);
    }

    @Override
    public void delete(String key) {
        before("delete", key);
        delegate.delete(key);
    }

    @Override
    public List<Entry> removeStaleTemporaries(String prefix, Instant olderThan, boolean dryRun) {
        return delegate.removeStaleTemporaries(prefix, olderThan, dryRun);
    }

    @Override
    public boolean copyIfAbsent(Store source, String key) {
        before("copy", key);
        return delegate.copyIfAbsent(source, key);
    }

    @Override
    public boolean copiesServerSide(Store source) {
        return delegate.copiesServerSide(source);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
