package io.otarelease.core.testing;

import io.otarelease.core.store.Store;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real store that holds the first call of one kind ({@code list}, {@code copy}, ...) on one key until the test
 * lets it go: the seam that puts two concurrent commands in a chosen order (the caller has done everything before
 * that call, nothing after). Every call then goes to the real store.
 */
public final class PausingStore extends ForwardingStore {
    private final String operation;
    private final String key;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final CountDownLatch resume = new CountDownLatch(1);

    public PausingStore(Store delegate, String operation, String key) {
        super(delegate);
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

    @Override
    protected void before(String op, String k) {
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
}
