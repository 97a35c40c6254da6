package io.otarelease.client.device;

import io.otarelease.client.signature.TrustedKeys;
import java.time.Clock;
import java.time.Duration;

/**
 * Who a device is and what it trusts.
 *
 * @param installId a random id made once per install (never a hardware id); it fixes the rollout bucket
 * @param nativeVersion the version of the native app shell, compared with {@code minNativeVersion}
 * @param trusted the keys embedded in the app (release and channel keys)
 * @param readyTimeout how long a new bundle's page has, from the moment its script starts, to call ready
 */
public record DeviceConfig(String appId, String channel, String installId, String nativeVersion, TrustedKeys trusted,
                           Clock clock, Duration readyTimeout) {
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(10);

    public DeviceConfig {
        if (installId == null || installId.trim().isEmpty()) {
            throw new IllegalArgumentException("installId is missing");
        }
        if (readyTimeout == null || readyTimeout.isNegative() || readyTimeout.isZero()) {
            throw new IllegalArgumentException("readyTimeout must be positive");
        }
    }
}
