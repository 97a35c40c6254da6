package io.otarelease.client.device;

import io.otarelease.client.device.Transport.Refusal;
import io.otarelease.client.device.Transport.RefusedException;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerificationException.Reason;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The downloads of one release for {@link UpdateClient}: its documents, then the blobs missing from the cache.
 * Listed sizes are checked against the {@link DownloadLimits} before the first blob is requested; each blob is
 * streamed to storage, hashed as it arrives, cut at its listed size (whatever the transport does) and kept only
 * when size and SHA-256 match the signed manifest. Counts what it fetched for the result and reports progress
 * ({@link DeviceEvents#downloading}) before the first blob and after each one.
 */
final class ReleaseDownload {
    private final Transport transport;
    private final DeviceStorage storage;
    private final DownloadLimits limits;
    private final DeviceEvents events;
    private long bytes;
    private int fetched;
    private int cached;
    private String path;

    ReleaseDownload(Transport transport, DeviceStorage storage, DownloadLimits limits, DeviceEvents events) {
        this.transport = transport;
        this.storage = storage;
        this.limits = limits;
        this.events = events;
    }

    byte[] document(String documentPath, int maxBytes) throws IOException {
        path = documentPath;
        byte[] b = transport.get(documentPath, null, maxBytes).body();
        bytes += b.length;
        return b;
    }

    /** Fetches every blob of {@code manifest} the cache lacks, after checking all their sizes. */
    void blobs(Manifest manifest) throws IOException, VerificationException {
        String doc = StoreLayout.DEVICE.manifest(manifest.version());
        List<ManifestFile> missing = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long total = 0;
        for (ManifestFile f : manifest.files()) {
            if (!seen.add(f.sha256())) {
                continue;
            }
            if (storage.hasBlob(f.sha256())) {
                cached++;
                continue;
            }
            if (f.size() > limits.maxFileBytes()) {
                path = doc;
                throw new RefusedException(Refusal.TOO_LARGE, doc + " lists " + f.path() + " with " + f.size()
                        + " bytes, more than the limit of " + limits.maxFileBytes() + " (maxFileBytes); nothing "
                        + "was downloaded");
            }
            total += f.size(); // each at most maxFileBytes, so no overflow before the check below
            if (total > limits.maxReleaseBytes()) {
                path = doc;
                throw new RefusedException(Refusal.TOO_LARGE, doc + " needs more than " + limits.maxReleaseBytes()
                        + " bytes of files downloaded (maxReleaseBytes); nothing was downloaded");
            }
            missing.add(f);
        }
        long done = 0;
        events.downloading(manifest.version(), done, total);
        for (ManifestFile f : missing) {
            blob(f);
            done += f.size();
            events.downloading(manifest.version(), done, total);
        }
    }

    private void blob(ManifestFile f) throws IOException, VerificationException {
        path = StoreLayout.DEVICE.blob(f.sha256());
        try (DeviceStorage.BlobWrite w = storage.writeBlob(f.sha256())) {
            Bounded out = new Bounded(w.out(), f.size(), path);
            try {
                transport.download(path, f.size(), out);
            } finally {
                bytes += out.count;
            }
            out.flush();
            if (out.count != f.size()) {
                throw new RefusedException(Refusal.TRUNCATED, path + " ended after " + out.count + " of the "
                        + f.size() + " bytes listed for " + f.path());
            }
            String actual = Hex.encode(out.digest.digest());
            if (!actual.equals(f.sha256())) {
                throw new VerificationException(Reason.FILE_CHANGED, "blob of " + f.path() + " has SHA-256 " + actual
                        + " where the manifest lists " + f.sha256());
            }
            w.keep();
            fetched++;
        }
    }

    String path() {
        return path;
    }

    long bytes() {
        return bytes;
    }

    int fetched() {
        return fetched;
    }

    int cached() {
        return cached;
    }

    UpdateResult result(UpdateResult.Outcome outcome, String version, String detail, Refusal refusal) {
        return new UpdateResult(outcome, version, bytes, fetched, cached, detail, refusal);
    }

    /** Hashes and counts what passes and refuses the first byte past {@code max}. */
    private static final class Bounded extends FilterOutputStream {
        final MessageDigest digest = sha256();
        final long max;
        final String path;
        long count;

        Bounded(OutputStream out, long max, String path) {
            super(out);
            this.max = max;
            this.path = path;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (count + len > max) {
                throw new RefusedException(Refusal.TOO_MUCH_DATA, path + " sent more than the " + max
                        + " bytes listed");
            }
            digest.update(b, off, len);
            out.write(b, off, len);
            count += len;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
