package io.otarelease.client.device;

import io.otarelease.client.verify.VerificationException;
import java.time.Duration;

/**
 * What a device reports (to the app's telemetry, or the fleet simulator's metrics). Called on the thread that did
 * the work; implementations must be quick and must not throw.
 */
public interface DeviceEvents {
    DeviceEvents NONE = new DeviceEvents() {
    };

    /** A pointer or manifest was refused; {@code version} is the release concerned, or the running one for a pointer. */
    default void refused(String version, VerificationException e) {
    }

    /**
     * A download broke a limit and was refused ({@link UpdateResult.Outcome#DOWNLOAD_REFUSED}); {@code version}
     * is the release concerned, or the running one for a pointer or trust document; {@code path} is on the CDN.
     */
    default void downloadRefused(String version, String path, Transport.Refusal refusal, String detail) {
    }

    /**
     * Download progress of a release's files: {@code bytes} of the {@code totalBytes} that must be fetched (the
     * files missing from the cache, as listed in its verified manifest). Reported with 0 before the first file
     * and after each file is fetched and verified, so {@code bytes} only grows and ends at {@code totalBytes}
     * when every file arrived.
     */
    default void downloading(String version, long bytes, long totalBytes) {
    }

    /** A release's manifest and missing blobs were fetched (or the attempt failed). */
    default void downloaded(String version, boolean success, long bytes, Duration took) {
    }

    /** A downloaded release was assembled, verified and staged for the next launch. */
    default void installed(String version, Duration took) {
    }

    /** A new bundle's page called ready in time: it is now the current bundle. */
    default void blessed(String version) {
    }

    /** A new bundle failed to start and the device went back to the previous one. */
    default void reverted(DeviceState.Revert revert) {
    }
}
