package io.otarelease.core.release;

import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerifiedDocument;
import io.otarelease.core.OtaException;
import io.otarelease.core.store.Store;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A release as a store holds it: the exact manifest and signature bytes, checked against the trusted keys before
 * anything is believed.
 */
public record StoredRelease(Manifest manifest, byte[] manifestBytes, byte[] signatureBytes) {

    /** Reads and verifies {@code version}; a missing release is bad input, a bad signature a failed check. */
    public static StoredRelease read(Store store, StoreLayout layout, String version, TrustedKeys trusted) {
        String mKey = layout.manifest(version);
        byte[] m = store.get(mKey).orElseThrow(() -> new OtaException.BadInput(
                "release " + version + " is not in " + store.url() + " (no " + mKey + ")")).bytes();
        return read(store, layout, version, m, trusted);
    }

    /** The same, with the manifest's bytes already read from {@code store}: reads and checks the signature. */
    public static StoredRelease read(Store store, StoreLayout layout, String version, byte[] m, TrustedKeys trusted) {
        String mKey = layout.manifest(version);
        String sKey = layout.manifestSignature(version);
        byte[] s = store.get(sKey).orElseThrow(() -> new OtaException.CheckFailed(
                "release " + version + " in " + store.url() + " has no signature (" + sKey + ")")).bytes();
        return verified(m, s, version, trusted, store.url() + mKey, store.url() + sKey);
    }

    /**
     * Checks a release's bytes before they are written (or after they were read): the signature verifies over the
     * exact manifest bytes with a trusted key, and the manifest is {@code version}. {@code mWhere} and
     * {@code sWhere} name the two objects in messages.
     */
    public static StoredRelease verified(byte[] m, byte[] s, String version, TrustedKeys trusted, String mWhere,
                                         String sWhere) {
        try {
            Manifest manifest = VerifiedDocument.check(m, s, trusted, mWhere, sWhere)
                    .parse((bytes, name) -> Manifest.parse(bytes));
            if (!manifest.version().equals(version)) {
                throw new OtaException.CheckFailed(mWhere + " is version " + manifest.version() + ", not " + version);
            }
            return new StoredRelease(manifest, m, s);
        } catch (VerificationException e) {
            throw new OtaException.CheckFailed(e.getMessage(), e);
        }
    }

    /** The blob hashes of the release, each once. */
    public Set<String> blobHashes() {
        Set<String> out = new HashSet<>();
        for (ManifestFile f : manifest.files()) {
            out.add(f.sha256());
        }
        return out;
    }

    /** Fails naming the first blob of the release that {@code store} lacks. */
    public void requireBlobs(Store store, StoreLayout layout) {
        Set<String> present = new HashSet<>(store.list(layout.blobsPrefix()));
        List<ManifestFile> missing = manifest.files().stream()
                .filter(f -> !present.contains(layout.blob(f.sha256()))).toList();
        if (!missing.isEmpty()) {
            throw new OtaException.CheckFailed("release " + manifest.version() + " in " + store.url() + " lacks "
                    + missing.size() + " file(s), first " + missing.get(0).path() + " (blob "
                    + layout.blob(missing.get(0).sha256()) + ")");
        }
    }
}
