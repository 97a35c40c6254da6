package io.otarelease.client.trust;

import io.otarelease.client.signature.TrustedKeys;

/**
 * The keys a device trusts for each role, ready for the existing verifiers: {@code release} for
 * {@link io.otarelease.client.verify.BundleVerifier}, {@code channel} for
 * {@link io.otarelease.client.channel.ChannelVerifier}.
 */
public record RoleKeys(TrustedKeys release, TrustedKeys channel) {
    /**
     * An app that ships only {@code trusted-keys.json}: every key serves both roles, as before key delegation
     * existed. Such an app cannot rotate without a new binary; it can adopt a root later.
     */
    public static RoleKeys legacy(TrustedKeys keys) {
        return new RoleKeys(keys, keys);
    }

    public static RoleKeys of(KeyDelegation delegation) {
        return new RoleKeys(delegation.release(), delegation.channel());
    }
}
