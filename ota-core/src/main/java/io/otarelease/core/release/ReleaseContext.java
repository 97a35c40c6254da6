package io.otarelease.core.release;

import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.registry.Registry;
import io.otarelease.core.sign.SigningService;
import io.otarelease.core.store.Store;
import java.time.Clock;
import java.time.Duration;

/**
 * What a channel change works with: the production store and its registry, the keys devices trust, the signer of
 * channel pointers, the CDN, the clock and who is acting (recorded in the audit log).
 *
 * @param pointerValidity how long a pointer stays valid before devices refuse it (refresh before then)
 */
public record ReleaseContext(String appId, String channel, Store production, Registry registry, TrustedKeys trusted,
                             SigningService signing, Cdn cdn, Clock clock, String actor, Duration pointerValidity) {
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(90);

    public ChannelStore channelStore() {
        return new ChannelStore(production, appId, channel, trusted);
    }
}
