package io.otarelease.cli;

import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.Durations;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SigningService;
import io.otarelease.core.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which app and channel, the keys devices trust, who acts and how long pointers stay valid. */
final class ChannelOptions {
    @Option(names = "--app-id", required = true, paramLabel = "ID", description = "Application id, e.g. com.example.shop.")
    String appId;

    @Option(names = "--channel", defaultValue = "production", paramLabel = "NAME",
            description = "Channel (default: ${DEFAULT-VALUE}).")
    String channel;

    @Option(names = "--trusted-keys", required = true, paramLabel = "FILE",
            description = "trusted-keys.json: the keys devices trust (release and channel keys).")
    Path trustedKeys;

    @Option(names = "--actor", paramLabel = "NAME",
            description = "Who acts, for the audit log (default: $OTA_ACTOR, $BUILD_USER_ID or $USER).")
    String actor;

    @Option(names = "--pointer-validity", defaultValue = "90d", paramLabel = "DURATION",
            description = "How long a signed pointer stays valid before devices refuse it (default: ${DEFAULT-VALUE}).")
    String validity;

    @picocli.CommandLine.Mixin
    RegistryOptions registry;

    TrustedKeys trusted() {
        return TrustedKeysFiles.read(trustedKeys);
    }

    String actor(Map<String, String> env) {
        if (actor != null) {
            return actor;
        }
        for (String k : new String[] {"OTA_ACTOR", "BUILD_USER_ID", "USER"}) {
            if (env.get(k) != null && !env.get(k).isBlank()) {
                return env.get(k);
            }
        }
        return "unknown";
    }

    ReleaseContext context(Store production, Signer signer, Cdn cdn) {
        return new ReleaseContext(appId, channel, production, registry.open(production, appId), trusted(),
                signer == null ? null : new SigningService(signer, Clock.systemUTC()), cdn, Clock.systemUTC(),
                actor(System.getenv()), Durations.parse(validity, "--pointer-validity"));
    }
}
