package io.otarelease.client.device;

import java.time.Duration;

/**
 * How much and how long a device downloads, so that a hostile or broken CDN can neither exhaust it (endless data)
 * nor hold a check forever (slow retrieval). Part of {@link DeviceConfig}; {@link HttpTransport} enforces the time
 * limits on every download, {@link UpdateClient} the sizes before it connects.
 *
 * @param connectTimeout to open a connection
 * @param readTimeout of silence on an open connection
 * @param grace how long a download may take before the minimum rate applies (connection set-up, TLS, slow start)
 * @param minBytesPerSecond after the grace, a download must have averaged this since the grace ended
 * @param maxDownloadTime the hard ceiling for one download, whatever its size and rate. A download is stopped at
 *     the first byte after it (so the worst case is one read timeout more)
 * @param maxFileBytes one file of a bundle; a signed manifest listing a larger one is refused before any download
 * @param maxReleaseBytes all the files a release needs fetched; a larger release is refused before any download
 */
public record DownloadLimits(Duration connectTimeout, Duration readTimeout, Duration grace, long minBytesPerSecond,
                             Duration maxDownloadTime, long maxFileBytes, long maxReleaseBytes) {
    /** For phones on poor networks: 10 s to connect, 20 s of silence, 8 KiB/s after 30 s, 15 min per download. */
    public static final DownloadLimits DEFAULTS = new DownloadLimits(Duration.ofSeconds(10), Duration.ofSeconds(20),
            Duration.ofSeconds(30), 8 * 1024, Duration.ofMinutes(15), 512L * 1024 * 1024, 1024L * 1024 * 1024);

    public DownloadLimits {
        positive("connectTimeout", connectTimeout);
        positive("readTimeout", readTimeout);
        positive("maxDownloadTime", maxDownloadTime);
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative");
        }
        if (minBytesPerSecond < 1) {
            throw new IllegalArgumentException("minBytesPerSecond must be at least 1");
        }
        if (maxFileBytes < 0 || maxReleaseBytes < 0) {
            throw new IllegalArgumentException("maxFileBytes and maxReleaseBytes must not be negative");
        }
    }

    /** The same limits with other connect and read timeouts. */
    public DownloadLimits withTimeouts(Duration connect, Duration read) {
        return new DownloadLimits(connect, read, grace, minBytesPerSecond, maxDownloadTime, maxFileBytes,
                maxReleaseBytes);
    }

    /** The same limits with another rate rule and ceiling. */
    public DownloadLimits withRate(Duration newGrace, long bytesPerSecond, Duration ceiling) {
        return new DownloadLimits(connectTimeout, readTimeout, newGrace, bytesPerSecond, ceiling, maxFileBytes,
                maxReleaseBytes);
    }

    /** The same limits with other size ceilings. */
    public DownloadLimits withSizes(long fileBytes, long releaseBytes) {
        return new DownloadLimits(connectTimeout, readTimeout, grace, minBytesPerSecond, maxDownloadTime, fileBytes,
                releaseBytes);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + " must be positive (and below 24 days) but is " + d);
        }
    }
}
