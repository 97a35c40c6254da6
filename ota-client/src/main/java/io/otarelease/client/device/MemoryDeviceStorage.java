package io.otarelease.client.device;

import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.client.verify.VerificationException;
import java.util.HashSet;
import java.util.Set;

/**
 * Storage for simulated devices: it remembers which blobs a device holds and its state, not the bytes (the
 * {@link UpdateClient} has checked every blob's hash before storing it), so ten thousand devices fit in one JVM.
 * Not for apps: they need {@link FileDeviceStorage}, whose bundles survive a restart.
 */
public final class MemoryDeviceStorage implements DeviceStorage {
    private static final java.io.OutputStream DISCARD = new java.io.OutputStream() {
        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    };
    private final Set<String> blobs = new HashSet<>();
    private DeviceState state = DeviceState.initial();
    private TrustState trust;

    @Override
    public synchronized boolean hasBlob(String sha256) {
        return blobs.contains(sha256);
    }

    @Override
    public synchronized void putBlob(String sha256, byte[] content) {
        blobs.add(sha256);
    }

    /** The bytes are hashed by the client as they arrive and then dropped: only the blob's name is kept. */
    @Override
    public BlobWrite writeBlob(String sha256) {
        return new BlobWrite() {
            @Override
            public java.io.OutputStream out() {
                return DISCARD;
            }

            @Override
            public void keep() {
                putBlob(sha256, null);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public synchronized void prepare(Manifest manifest, byte[] manifestJson, byte[] manifestSig)
            throws VerificationException {
        for (ManifestFile f : manifest.files()) {
            if (!blobs.contains(f.sha256())) {
                throw new VerificationException(VerificationException.Reason.FILE_MISSING,
                        f.path() + " (" + f.sha256() + ") is not in the cache");
            }
        }
    }

    @Override
    public synchronized DeviceState load() {
        return state;
    }

    @Override
    public synchronized void save(DeviceState s) {
        this.state = s;
    }

    @Override
    public synchronized TrustState loadTrust() {
        return trust;
    }

    @Override
    public synchronized void saveTrust(TrustState t) {
        this.trust = t;
    }

    public synchronized int blobCount() {
        return blobs.size();
    }
}
