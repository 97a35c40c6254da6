package io.otarelease.client.device;

import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a device keeps its content-addressed blob cache, its bundles and its state. {@link FileDeviceStorage} is
 * what an app uses; {@link MemoryDeviceStorage} lets a simulator run thousands of devices in one process.
 */
public interface DeviceStorage {
    /** Whether the cache holds the blob with this SHA-256 (lowercase hex). */
    boolean hasBlob(String sha256);

    /** Stores a blob whose content the caller has already checked against {@code sha256}. */
    void putBlob(String sha256, byte[] content) throws IOException;

    /**
     * A blob being downloaded: its bytes are written to {@link #out()} as they arrive; {@link #keep()}, called
     * once the caller has checked size and hash, makes it the cached blob; {@link #close()} without it discards it.
     */
    interface BlobWrite extends Closeable {
        OutputStream out();

        void keep() throws IOException;
    }

    /**
     * Starts storing the blob with this SHA-256. This default buffers it in memory and calls {@link #putBlob} on
     * {@link BlobWrite#keep()}; {@link FileDeviceStorage} streams it to disk.
     */
    default BlobWrite writeBlob(String sha256) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return new BlobWrite() {
            @Override
            public OutputStream out() {
                return buffer;
            }

            @Override
            public void keep() throws IOException {
                putBlob(sha256, buffer.toByteArray());
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Assembles the bundle of {@code manifest} from cached blobs beside its signed manifest and verifies all of it
     * (signature, every file, nothing unlisted) before it may be launched.
     */
    void prepare(Manifest manifest, byte[] manifestJson, byte[] manifestSig) throws VerificationException, IOException;

    /**
     * As {@link #prepare(Manifest, byte[], byte[])}, verifying the manifest signature with {@code releaseKeys}: the
     * release keys of the current key delegation when the device follows a trust root.
     */
    default void prepare(Manifest manifest, byte[] manifestJson, byte[] manifestSig, TrustedKeys releaseKeys)
            throws VerificationException, IOException {
        prepare(manifest, manifestJson, manifestSig);
    }

    /** The saved trust state, or null when none was saved (a device that never followed a trust root). */
    default TrustState loadTrust() throws IOException {
        return null;
    }

    /** Replaces the saved trust state atomically. */
    default void saveTrust(TrustState trust) throws IOException {
        throw new IOException(getClass().getSimpleName() + " cannot keep trust state");
    }

    /** The saved state, or {@link DeviceState#initial()} on first run. */
    DeviceState load() throws IOException;

    /** Replaces the saved state atomically: after a crash the device finds the old or the new state, whole. */
    void save(DeviceState state) throws IOException;
}
