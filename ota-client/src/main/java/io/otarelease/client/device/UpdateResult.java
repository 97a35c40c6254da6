package io.otarelease.client.device;

/**
 * What one update check did.
 *
 * @param version the release the pointer chose for this install (null when none)
 * @param bytesDownloaded manifest, signature and blob bytes fetched for it (0 when nothing was needed)
 * @param blobsDownloaded blobs fetched; {@code blobsCached} were already in the cache
 * @param detail why, for REFUSED, FAILED and BLOCKED
 */
public record UpdateResult(Outcome outcome, String version, long bytesDownloaded, int blobsDownloaded, int blobsCached,
                           String detail) {
    public enum Outcome {
        /** The chosen release runs, is on trial, or is already staged. */
        UP_TO_DATE,
        /** The chosen release was downloaded, verified and staged: the next launch tries it. */
        STAGED,
        /** The pointer offers nothing this native version can run. */
        NO_RELEASE,
        /** The chosen release's content failed to start here before: it is not installed again. */
        BLOCKED,
        /** A pointer, manifest or blob failed verification: nothing changed. */
        REFUSED,
        /** The CDN could not be reached or answered an error: nothing changed; try again later. */
        FAILED
    }

    static UpdateResult of(Outcome o, String version, String detail) {
        return new UpdateResult(o, version, 0, 0, 0, detail);
    }
}
