package io.otarelease.core.registry;

import io.otarelease.client.json.JsonException;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.OtaException;
import io.otarelease.core.store.Body;
import io.otarelease.core.store.Store;
import io.otarelease.core.store.StoreConflictException;
import io.otarelease.core.store.StoredObject;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;

/**
 * The default registry: {@code <appId>/registry.json} in the store, replaced only with {@code If-Match}. An
 * {@link #update} starts from the document this object last read or wrote (a command reads the registry, works,
 * then updates it: one GET, not two); if someone wrote in between, the precondition fails and it reads again.
 */
public final class StoreRegistry implements Registry {
    static final int MAX_ATTEMPTS = 100;
    private final Store store;
    private final String appId;
    private final String key;
    /** What this object last read or wrote, or null: the first attempt of {@link #update} starts from it. */
    private volatile Loaded last;

    public StoreRegistry(Store store, String appId) {
        this.store = store;
        this.appId = appId;
        this.key = new StoreLayout(appId).registry();
    }

    @Override
    public RegistryDocument read() {
        return load().doc;
    }

    private record Loaded(RegistryDocument doc, String etag) {
    }

    private Loaded load() {
        last = null;
        Optional<StoredObject> o = store.get(key);
        if (o.isEmpty()) {
            last = new Loaded(RegistryDocument.empty(appId), null);
            return last;
        }
        try {
            last = new Loaded(RegistryDocument.parse(o.get().bytes(), store.url() + key), o.get().etag());
            return last;
        } catch (JsonException e) {
            throw new OtaException.Infrastructure("the registry is damaged: " + e.getMessage()
                    + " (restore it from the audit records or a backup)");
        }
    }

    @Override
    public RegistryDocument update(UnaryOperator<RegistryDocument> change) {
        for (int attempt = 1; ; attempt++) {
            Loaded known = attempt == 1 ? last : null;
            Loaded current = known != null ? known : load();
            last = null; // until the write below lands
            RegistryDocument next;
            try {
                next = change.apply(current.doc).nextRevision();
            } catch (RuntimeException e) {
                if (known == null) {
                    throw e;
                }
                continue; // refused on what we read earlier: the next attempt judges the latest document
            }
            try {
                last = new Loaded(next, store.putIfMatch(key, Body.of(next.toBytes()), current.etag));
                return next;
            } catch (StoreConflictException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new StoreConflictException("the registry " + describe() + " kept changing under us ("
                            + attempt + " attempts); try again");
                }
                backoff(attempt);
            }
        }
    }

    static void backoff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2 + Math.min(attempt, 10) * 3L));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OtaException.Infrastructure("interrupted while updating the registry");
        }
    }

    @Override
    public String describe() {
        return store.url() + key;
    }
}
