package io.otarelease.client.device;

import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.signature.TrustedKeys;
import java.time.Clock;
import java.time.Duration;

/**
 * Who a device is, what it trusts and how much it downloads.
 *
 * @param channel the channel the app follows by default; {@link UpdateClient#switchChannel} overrides it
 * @param installId a random id made once per install (never a hardware id); it fixes the rollout bucket
 * @param nativeVersion the version of the native app shell, compared with {@code minNativeVersion}
 * @param trusted the keys embedded in the app (release and channel keys)
 * @param readyTimeout how long a new bundle's page has, from the moment its script starts, to call ready
 * @param shippedVersion the version of the bundle built into the app (null: none): the first pointer a device
 *     takes from a channel never moves it below this; see {@link UpdateClient}
 * @param downloads sizes, rates and timeouts of every download ({@link DownloadLimits#DEFAULTS})
 * @param platform {@code android} or {@code ios}, or null when the app declares none: a manifest made for one
 *     platform is applied only by an app on it (a manifest without a platform fits every app)
 */
public record DeviceConfig(String appId, String channel, String installId, String nativeVersion, TrustedKeys trusted,
                           Clock clock, Duration readyTimeout, String shippedVersion, DownloadLimits downloads,
                           String platform) {
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(10);

    public DeviceConfig {
        if (installId == null || installId.trim().isEmpty()) {
            throw new IllegalArgumentException("installId is missing");
        }
        if (readyTimeout == null || readyTimeout.isNegative() || readyTimeout.isZero()) {
            throw new IllegalArgumentException("readyTimeout must be positive");
        }
        if (downloads == null) {
            throw new IllegalArgumentException("downloads is missing (DownloadLimits.DEFAULTS is safe)");
        }
        if (platform != null && !Manifest.PLATFORMS.contains(platform)) {
            throw new IllegalArgumentException("platform \"" + platform + "\" is not one of " + Manifest.PLATFORMS);
        }
    }

    /** An app that declares no platform: it applies only manifests made for every platform. */
    public DeviceConfig(String appId, String channel, String installId, String nativeVersion, TrustedKeys trusted,
                        Clock clock, Duration readyTimeout, String shippedVersion, DownloadLimits downloads) {
        this(appId, channel, installId, nativeVersion, trusted, clock, readyTimeout, shippedVersion, downloads, null);
    }

    /** No shipped bundle version and the default download limits. */
    public DeviceConfig(String appId, String channel, String installId, String nativeVersion, TrustedKeys trusted,
                        Clock clock, Duration readyTimeout) {
        this(appId, channel, installId, nativeVersion, trusted, clock, readyTimeout, null, DownloadLimits.DEFAULTS);
    }

    public DeviceConfig withDownloads(DownloadLimits limits) {
        return new DeviceConfig(appId, channel, installId, nativeVersion, trusted, clock, readyTimeout, shippedVersion,
                limits, platform);
    }

    public DeviceConfig withPlatform(String platform) {
        return new DeviceConfig(appId, channel, installId, nativeVersion, trusted, clock, readyTimeout, shippedVersion,
                downloads, platform);
    }

    public DeviceConfig withShippedVersion(String version) {
        return new DeviceConfig(appId, channel, installId, nativeVersion, trusted, clock, readyTimeout, version,
                downloads, platform);
    }
}
