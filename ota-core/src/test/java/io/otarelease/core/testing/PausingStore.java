package io.otarelease.core.testing;

import io.otarelease.core.store.Body;
import io.otarelease.core.store.Store;
import io.otarelease.core.store.StoredObject;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real store that holds the first call of one kind ({@code list}, {@code copy}, ...) on one key until the test
 * lets it go: the seam that puts two concurrent commands in a chosen order (the caller has done everything before
 * that call, nothing after). Every call then goes to the real store.
 */
public final class PausingStore implements Store {
    private final Store delegate;
    private final String operation;
    private final String key;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch resume = new CountDownLatch(1);

    public PausingStore(Store delegate, String operation, String key) {
        this.delegate = delegate;
        this.operation = operation;
        this.key = key;
    }

    /** Waits (up to a minute) until the caller stands at the call. */
    public void awaitPaused() throws InterruptedException {
        if (!reached.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("never reached " + operation + " " + key);
        }
    }

    public void resume() {
        resume.countDown();
    }

    private void pauseAt(String op, String k) {
        if (op.equals(operation) && k.equals(key) && reached.getCount() > 0) {
            reached.countDown();
            try {
                if (!resume.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("not resumed within a minute");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public List<Entry> listEntries(String p) {
        pauseAt("list", p);
        return delegate.listEntries(p);
    }

    @Override
    public String url() {
        return delegate.url();
    }

    @Override
    public Optional<StoredObject> get(String k) {
        return delegate.get(k);
    }

    @Override
    public Optional<InputStream> open(String k) {
        return delegate.open(k);
    }

    @Override
    public boolean exists(String k) {
        return delegate.exists(k);
    }

    @Override
    public Optional<String> putIfAbsent(String k, Body body) {
        pauseAt("put", k);
        return delegate.putIfAbsent(k, body);
    }

    @Override
    public String putIfMatch(String k, Body body, String etag) {
        return delegate.putIfMatch(k, body, etag);
    }

    @Override
    public void delete(String k) {
        delegate.delete(k);
    }

    @Override
    public List<Entry> removeStaleTemporaries(String p, Instant olderThan, boolean dryRun) {
        return delegate.removeStaleTemporaries(p, olderThan, dryRun);
    }

    @Override
    public boolean copyIfAbsent(Store source, String k) {
        pauseAt("copy", k);
        return delegate.copyIfAbsent(source, k);
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
