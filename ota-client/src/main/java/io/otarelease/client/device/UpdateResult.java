package io.otarelease.client.device;

/**
 * What one update check did.
 *
 * @param version the release the pointer chose for this install (null when none)
 * @param bytesDownloaded manifest, signature and blob bytes fetched for it (0 when nothing was needed)
 * @param blobsDownloaded blobs fetched; {@code blobsCached} were already in the cache
 * @param detail why, for REFUSED, DOWNLOAD_REFUSED, FAILED, BLOCKED and a NO_RELEASE below the shipped bundle
 * @param refusal which download limit was broken, for DOWNLOAD_REFUSED (null otherwise)
 * @param urgent the signed pointer marks the staged release urgent: apply it now rather than at the next start
 *     (set when this check staged it, or found it staged and not yet launched)
 */
public record UpdateResult(Outcome outcome, String version, long bytesDownloaded, int blobsDownloaded, int blobsCached,
                           String detail, Transport.Refusal refusal, boolean urgent) {
    public UpdateResult(Outcome outcome, String version, long bytesDownloaded, int blobsDownloaded, int blobsCached,
                        String detail, Transport.Refusal refusal) {
        this(outcome, version, bytesDownloaded, blobsDownloaded, blobsCached, detail, refusal, false);
    }

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
        /**
         * The CDN broke a download limit ({@link #refusal()}): a size above the limit, endless data, a lying
         * length, or too slow; or the connection was not one updates may use (plain http to a host that is not
         * loopback, a TLS key matching none of the pins). Nothing changed; the download is not kept.
         */
        DOWNLOAD_REFUSED,
        /** The CDN could not be reached or answered an error: nothing changed; try again later. */
        FAILED
    }

    static UpdateResult of(Outcome o, String version, String detail) {
        return new UpdateResult(o, version, 0, 0, 0, detail, null);
    }

    UpdateResult withUrgent(boolean u) {
        return new UpdateResult(outcome, version, bytesDownloaded, blobsDownloaded, blobsCached, detail, refusal, u);
    }
}
