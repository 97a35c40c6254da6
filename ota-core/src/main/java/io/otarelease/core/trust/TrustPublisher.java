package io.otarelease.core.trust;

import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.trust.KeyDelegation;
import io.otarelease.client.trust.TrustRoot;
import io.otarelease.core.OtaException;
import io.otarelease.core.io.IoErrors;
import io.otarelease.core.store.Body;
import io.otarelease.core.store.Store;
import io.otarelease.core.store.StoredObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Copies a {@link TrustDirectory} to {@code <appId>/trust/} in a store, where devices read it. Only documents that
 * carry their threshold of signatures are published; root versions go first (oldest first) and
 * {@code keys.json} last, each signature file before its document, so a device never sees a document whose
 * signatures are not there yet. Root versions are immutable: a different {@code root/<N>.json} already in the
 * store is refused. Writes are compare-and-swap, so two operators publishing at once cannot lose a document.
 */
public final class TrustPublisher {
    private TrustPublisher() {
    }

    /** Returns the store keys written (empty when the store already had everything). */
    public static List<String> publish(TrustDirectory trust, Store store) {
        TrustRoot latest = trust.latestRoot();
        String prefix = new StoreLayout(latest.appId()).trustPrefix();
        List<String> names = new ArrayList<>();
        for (long v = 1; v <= latest.version(); v++) {
            names.add(TrustRoot.fileName(v));
        }
        names.add(KeyDelegation.FILE_NAME);
        for (String name : names) {
            String missing = trust.missingSignatures(name);
            if (missing != null) {
                throw new OtaException.BadInput("not publishing: " + missing + " (ota keys sign " + name + ")");
            }
        }
        List<String> written = new ArrayList<>();
        for (String name : names) {
            String sig = name.substring(0, name.length() - ".json".length()) + ".sig";
            boolean immutable = name.startsWith("root/");
            byte[] doc = read(trust.dir().resolve(name));
            Optional<StoredObject> there = store.get(prefix + name);
            if (immutable && there.isPresent() && !Arrays.equals(there.get().bytes(), doc)) {
                throw new OtaException.BadInput(store.url() + ": " + prefix + name + " exists with other content; "
                        + "root versions are immutable: write the next version instead");
            }
            put(store, prefix + sig, read(trust.dir().resolve(sig)), written);
            put(store, prefix + name, doc, written);
        }
        return written;
    }

    private static void put(Store store, String key, byte[] bytes, List<String> written) {
        Optional<StoredObject> there = store.get(key);
        if (there.isPresent() && Arrays.equals(there.get().bytes(), bytes)) {
            return;
        }
        store.putIfMatch(key, Body.of(bytes), there.map(StoredObject::etag).orElse(null));
        written.add(key);
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot read " + f + ": " + IoErrors.reason(e), e);
        }
    }
}
