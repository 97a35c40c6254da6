package io.otarelease.core.release;

import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.BundleVerifier;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerifiedBundle;
import io.otarelease.core.OtaException;
import io.otarelease.core.io.IoErrors;
import io.otarelease.core.registry.Registry;
import io.otarelease.core.registry.ReleaseEntry;
import io.otarelease.core.registry.ReleaseStatus;
import io.otarelease.core.store.Body;
import io.otarelease.core.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Stages a signed bundle directory into a store, in an order that never leaves a release half-visible: verify the
 * bundle as a device would; upload the blobs the store lacks (each re-hashed as it is read, so a file changed after
 * verification is refused); then the signature, then {@code manifest.json} (whose presence means "staged"); then a
 * {@code staged} registry entry. What the store lacks is what the manifest adds to the newest release the store
 * holds ({@link BaseRelease}), so the requests grow with the change, not with the store; every write is
 * {@code If-None-Match: *}. Re-running after any failure completes the work; staging the same bundle twice
 * changes nothing; a different bundle under a staged version is refused.
 */
public final class Stager {
    /** Progress of the upload: bytes and blobs done so far, of the totals to upload. */
    public interface Progress {
        void update(long bytesDone, long bytesTotal, int blobsDone, int blobsTotal);

        Progress NONE = (a, b, c, d) -> { };
    }

    public record Result(String appId, String version, String bundleHash, int files, int blobsUploaded,
                         long bytesUploaded, boolean alreadyStaged) {
    }

    private final Store store;
    private final Registry registry;
    private final TrustedKeys trusted;
    private final Clock clock;
    private int parallelism = 8;
    private Progress progress = Progress.NONE;

    public Stager(Store store, Registry registry, TrustedKeys trusted, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.trusted = trusted;
        this.clock = clock;
    }

    public Stager parallelism(int n) {
        this.parallelism = n;
        return this;
    }

    public Stager progress(Progress p) {
        this.progress = p;
        return this;
    }

    /** The manifest fields, besides the files, in which two manifests of the same files differ. */
    private static List<String> manifestDifferences(Manifest a, Manifest b) {
        List<String> fields = new ArrayList<>();
        if (!Objects.equals(a.createdAt(), b.createdAt())) {
            fields.add("createdAt (" + a.createdAt() + " staged, " + b.createdAt() + " here)");
        }
        if (!Objects.equals(a.minNativeVersion(), b.minNativeVersion())) {
            fields.add("minNativeVersion");
        }
        if (!Objects.equals(a.source(), b.source())) {
            fields.add("source");
        }
        if (fields.isEmpty()) {
            fields.add("its encoding");
        }
        return fields;
    }

    public Result stage(Path dir) {
        VerifiedBundle bundle = verify(dir);
        Manifest manifest = bundle.manifest();
        byte[] manifestBytes = read(dir.resolve(Manifest.FILE_NAME));
        byte[] sigBytes = read(dir.resolve("manifest.sig"));
        if (!Manifest.parse(manifestBytes).bundleHash().equals(manifest.bundleHash())) {
            throw new OtaException.BadInput(dir + "/manifest.json changed while it was being staged");
        }
        StoreLayout layout = new StoreLayout(manifest.appId());
        String version = manifest.version();

        var existing = store.get(layout.manifest(version));
        if (existing.isPresent() && !MessageDigest.isEqual(existing.get().bytes(), manifestBytes)) {
            Manifest staged;
            try {
                staged = Manifest.parse(existing.get().bytes());
            } catch (RuntimeException e) {
                staged = null;
            }
            BaseRelease.requireSamePlatform(BaseRelease.of(version, existing.get().bytes()), manifest, store.url());
            if (staged != null && staged.bundleHash().equals(manifest.bundleHash())) {
                // the same files signed again: a staged manifest is immutable (CDNs cache it for ever)
                throw new OtaException.BadInput("version " + version + " is already staged in " + store.url()
                        + " with the same files (" + manifest.bundleHash() + ") but another manifest, differing in "
                        + String.join(", ", manifestDifferences(staged, manifest)) + "; a staged manifest is never "
                        + "replaced: promote " + version + " as staged, or stage the change as a new version");
            }
            throw new OtaException.BadInput("version " + version + " is already staged in " + store.url()
                    + " with a different bundle (" + (staged == null ? "unreadable" : staged.bundleHash())
                    + ", this one is " + manifest.bundleHash() + "); a changed bundle needs a new version");
        }

        // the exact bytes about to be written must verify (the files could have changed since the bundle did)
        StoredRelease.verified(manifestBytes, sigBytes, version, trusted, dir + "/manifest.json",
                dir + "/manifest.sig");

        // only what the manifest adds to a release the store holds (its blobs are there by invariant); listing
        // every blob is the fallback for an app's first release
        Optional<BaseRelease> base = existing.isPresent() ? BaseRelease.of(version, manifestBytes)
                : BaseRelease.find(store, layout, registry.read(), null);
        BaseRelease.requireSamePlatform(base, manifest, store.url());
        Predicate<String> present;
        if (base.isPresent()) {
            present = base.get().blobHashes()::contains;
        } else {
            Set<String> listed = new HashSet<>(store.list(layout.blobsPrefix()));
            present = h -> listed.contains(layout.blob(h));
        }
        List<ManifestFile> missing = new ArrayList<>();
        Set<String> queued = new HashSet<>();
        long bytesTotal = 0;
        for (ManifestFile f : manifest.files()) {
            if (!present.test(f.sha256()) && queued.add(f.sha256())) {
                missing.add(f);
                bytesTotal += f.size();
            }
        }
        AtomicLong bytesDone = new AtomicLong();
        AtomicInteger blobsDone = new AtomicInteger();
        long total = bytesTotal;
        progress.update(0, total, 0, missing.size());
        Parallel.forEach(missing, parallelism, f -> {
            byte[] data = read(dir.resolve(f.path()));
            String hash = sha256(data);
            if (!hash.equals(f.sha256())) {
                throw new OtaException.BadInput(dir.resolve(f.path()) + " changed after it was verified (SHA-256 "
                        + hash + ", manifest lists " + f.sha256() + "); nothing of it was uploaded");
            }
            store.putIfAbsent(layout.blob(hash), Body.of(data));
            progress.update(bytesDone.addAndGet(data.length), total, blobsDone.incrementAndGet(), missing.size());
        });

        // signature first, manifest last: manifest.json present means the release is complete
        boolean wroteSignature = putImmutable(layout.manifestSignature(version), sigBytes, true);
        boolean wroteManifest = putImmutable(layout.manifest(version), manifestBytes, false);
        if (!wroteSignature || !wroteManifest) {
            StoredRelease.read(store, layout, version, trusted); // what was there already, not what we meant to store
        }

        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        registry.update(doc -> doc.find(version).isPresent() ? doc
                : doc.put(new ReleaseEntry(version, manifest.bundleHash(), ReleaseStatus.STAGED, now, null, null, null)));
        return new Result(manifest.appId(), version, manifest.bundleHash(), manifest.files().size(), missing.size(),
                bytesDone.get(), existing.isPresent());
    }

    /**
     * Writes an object of {@code releases/} with {@code If-None-Match: *}; returns whether this call wrote it. An
     * existing signature may differ from ours (ECDSA signatures of one manifest differ each time); it is kept when
     * it verifies, which the caller checks. An existing manifest must be byte-identical (checked before the upload;
     * checked again here for a racing writer).
     */
    private boolean putImmutable(String key, byte[] bytes, boolean signature) {
        if (store.putIfAbsent(key, Body.of(bytes)).isPresent()) {
            return true;
        }
        if (!signature && !MessageDigest.isEqual(store.get(key).orElseThrow().bytes(), bytes)) {
            throw new OtaException.BadInput(store.url() + key + " already exists with different content; releases are "
                    + "never overwritten");
        }
        return false;
    }

    private VerifiedBundle verify(Path dir) {
        try {
            return new BundleVerifier(trusted).verify(dir);
        } catch (VerificationException e) {
            throw new OtaException.CheckFailed("the bundle in " + dir + " does not verify, nothing was staged: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot read the bundle in " + dir + ": " + IoErrors.reason(e), e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot read " + file + ": " + IoErrors.reason(e), e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
