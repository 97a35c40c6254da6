package io.otarelease.cli;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.RollbackHook;
import io.otarelease.core.rollout.ChannelRollback;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The production channel a canary watches: where a FAIL opens an incident ({@code --store}, {@code --app-id},
 * {@code --channel}) and where {@code --rollback-on-fail} rolls back (the same options as {@code ota rollback},
 * optional here because a canary without the flag needs none of them; checked before any query so a missing one is
 * found at once, not after a FAIL).
 */
final class RollbackTargetOptions {
    @Option(names = "--store", paramLabel = "URL", description = "The production store: a FAIL opens an incident there (with --app-id), and "
                    + "--rollback-on-fail rolls its channel back.")
    String storeUrl;

    @Option(names = "--app-id", paramLabel = "ID", description = "Application id (incident and rollback).")
    String appId;

    @Option(names = "--channel", defaultValue = "production", paramLabel = "NAME",
            description = "The channel the canary ran on (default ${DEFAULT-VALUE}).")
    String channel;

    @Option(names = "--trusted-keys", paramLabel = "FILE", description = "--rollback-on-fail: trusted-keys.json.")
    Path trustedKeys;

    @Option(names = "--actor", paramLabel = "NAME", description = "Who acts, for the incident and the audit log (default: $OTA_ACTOR).")
    String actor;

    @Option(names = "--pointer-validity", defaultValue = "90d", paramLabel = "DURATION",
            description = "--rollback-on-fail: validity of the rollback pointer (default ${DEFAULT-VALUE}).")
    String validity;

    @Mixin
    RegistryOptions registry;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    SignerOptions signerOptions;

    @Mixin
    CdnOptions cdnOptions;

    private Store store;
    private Signer signer;

    void requireComplete() {
        StringBuilder missing = new StringBuilder();
        if (storeUrl == null) {
            missing.append(" --store");
        }
        if (appId == null) {
            missing.append(" --app-id");
        }
        if (trustedKeys == null) {
            missing.append(" --trusted-keys");
        }
        if (signerOptions.type == null) {
            missing.append(" --signer");
        }
        if (missing.length() > 0) {
            throw new OtaException.BadInput("--rollback-on-fail needs" + missing + " (the options of 'ota rollback') "
                    + "to sign the rollback pointer");
        }
    }

    /** Opens the store and signer now (a bad key or PIN is found before the canary runs); close() releases them. */
    RollbackHook open(PrintWriter err) {
        requireComplete();
        ChannelOptions c = new ChannelOptions();
        c.appId = appId;
        c.channel = channel;
        c.trustedKeys = trustedKeys;
        c.actor = actor;
        c.validity = validity;
        c.registry = registry;
        store = storeOptions.open(storeUrl);
        signer = signerOptions.open(err);
        return new ChannelRollback(c.context(store, signer, cdnOptions.open()), cdnOptions.pathPrefix,
                cdnOptions.waitFor());
    }

    void close() {
        if (signer != null) {
            signer.close();
        }
        if (store != null) {
            store.close();
        }
    }
}
