package io.otarelease.core.release;

import io.otarelease.client.layout.Names;
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

    /** Names end up in store keys: refuse anything that is not a plain app id or channel name. */
    public ReleaseContext {
        if (appId == null || !Names.APP_ID.matcher(appId).matches()) {
            throw new io.otarelease.core.OtaException.BadInput("--app-id \"" + appId + "\" is not an app id like "
                    + "com.example.shop");
        }
        if (pointerValidity == null || pointerValidity.compareTo(Duration.ofMinutes(1)) < 0
                || pointerValidity.compareTo(Duration.ofDays(400)) > 0) {
            throw new io.otarelease.core.OtaException.BadInput("--pointer-validity must be between 1 minute and 400 "
                    + "days but is " + pointerValidity);
        }
        if (channel == null || !Names.CHANNEL.matcher(channel).matches()) {
            throw new io.otarelease.core.OtaException.BadInput("--channel \"" + channel + "\" is not a channel name "
                    + "(lowercase letters, digits, . _ -)");
        }
    }

    /** Refuses a version that is not like 3.4.1 before it becomes part of a key. */
    public static String checkVersion(String version) {
        if (version == null || !Names.VERSION.matcher(version).matches()) {
            throw new io.otarelease.core.OtaException.BadInput("version \"" + version + "\" is not a version like 3.4.1");
        }
        return version;
    }

    public ChannelStore channelStore() {
        return new ChannelStore(production, appId, channel, trusted);
    }
}
