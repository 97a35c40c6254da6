package io.otarelease.client.device;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.channel.Rollout;

/**
 * Which release of a verified pointer one install takes (DESIGN.md): {@code current} when the install's bucket is
 * below {@code percent × 100} and the native app is recent enough, else {@code fallback} when that fits, else none.
 */
public final class Targeting {
    /**
     * A release chosen by the pointer; the bundle hash binds the pointer to the exact content.
     *
     * @param urgent the pointer's {@code current} is urgent and this install is in its rollout (never a fallback)
     */
    public record Target(String version, String bundleHash, String minNativeVersion, boolean urgent) {
    }

    private Targeting() {
    }

    public static Target select(ChannelPointer p, String installId, String nativeVersion) {
        ChannelPointer.Current c = p.current();
        if (Rollout.inRollout(c, installId) && fits(c.minNativeVersion(), nativeVersion)) {
            return new Target(c.version(), c.bundleHash(), c.minNativeVersion(), c.urgent());
        }
        ChannelPointer.Fallback f = p.fallback();
        if (f != null && fits(f.minNativeVersion(), nativeVersion)) {
            return new Target(f.version(), f.bundleHash(), f.minNativeVersion(), false);
        }
        return null;
    }

    /** Whether a native app of {@code nativeVersion} may run a bundle that needs {@code minNative}. */
    public static boolean fits(String minNative, String nativeVersion) {
        return Rollout.fits(minNative, nativeVersion);
    }
}
