package io.otarelease.client.device;

import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.verify.VerificationException;
import java.io.IOException;

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
     * Assembles the bundle of {@code manifest} from cached blobs beside its signed manifest and verifies all of it
     * (signature, every file, nothing unlisted) before it may be launched.
     */
    void prepare(Manifest manifest, byte[] manifestJson, byte[] manifestSig) throws VerificationException, IOException;

    /** The saved state, or {@link DeviceState#initial()} on first run. */
    DeviceState load() throws IOException;

    /** Replaces the saved state atomically: after a crash the device finds the old or the new state, whole. */
    void save(DeviceState state) throws IOException;
}
