package io.otarelease.client.trust;

import io.otarelease.client.verify.VerificationException;
import java.io.IOException;

/**
 * Where trust documents come from: names like {@code root/3.json} or {@code keys.sig}, relative to the app's
 * {@code trust/} folder in the store. Implementations bound what they read to {@code maxBytes}
 * ({@link io.otarelease.client.fetch.BoundedFetcher} does).
 */
@FunctionalInterface
public interface TrustSource {
    /** The document's bytes, or null when it does not exist. */
    byte[] fetch(String name, int maxBytes) throws VerificationException, IOException;
}
