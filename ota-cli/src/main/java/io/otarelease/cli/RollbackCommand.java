package io.otarelease.cli;

import io.otarelease.core.notify.Notifier;
import io.otarelease.core.notify.ReleaseEvents;
import io.otarelease.core.release.Rollback;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.store.Store;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Serve a known-good release to 100%% of a channel again: a new signed pointer with a higher "
            + "sequence, so devices move forward to the old release.",
            "The target must be in production with a valid signature and all its files (checked first). The failed "
                + "release is quarantined; who, why and how long are recorded in the registry and the audit log.",
            "  ota rollback --store s3://acme-prod/ota --app-id com.example.shop --reason 'crash-free 97%%' "
                + "--trusted-keys trusted-keys.json --signer pkcs11 ... --cdn cloudfront --cdn-distribution E1 --wait"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:rolled back", "1:the target does not verify, lacks files or is quarantined",
            "2:bad options", "3:store, signer or CDN failed (re-run)"})
final class RollbackCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--to-version", defaultValue = "previous", paramLabel = "VERSION",
            description = "The release to serve, or 'previous' (default): the canary's fallback, else the newest "
                + "rollback-ready release.")
    String to;

    @Option(names = "--store", required = true, paramLabel = "URL", description = "The production store.")
    String storeUrl;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why: recorded in the audit log.")
    String reason;

    @Option(names = "--allow-quarantined", description = "Allow a quarantined release as the target.")
    boolean force;

    @Mixin
    ChannelOptions channel;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    SignerOptions signerOptions;

    @Mixin
    CdnOptions cdnOptions;

    @Mixin
    ReleaseNotifyOptions notify;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Notifier notifier = notify.open(false, spec.commandLine().getErr(), "rollback");
        try (Store prod = storeOptions.open(storeUrl); Signer signer = signerOptions.open(spec.commandLine().getErr())) {
            var ctx = channel.context(prod, signer, cdnOptions.open());
            Rollback.Result r = new Rollback(ctx).force(force).cdnPathPrefix(cdnOptions.pathPrefix)
                    .waitFor(cdnOptions.waitFor()).rollback(to, reason);
            out.printf("rolled back %s/%s to %s (sequence %d)%s%n", channel.appId, channel.channel, r.target(),
                    r.sequence(), r.failed() == null ? "" : "; quarantined " + r.failed());
            out.printf("store operations took %d ms, %d ms in all%s%n", r.storeElapsed().toMillis(),
                    r.totalElapsed().toMillis(), r.invalidationId() == null ? ""
                            : " (CDN invalidation " + r.invalidationId() + (cdnOptions.await ? " completed)" : ")"));
            ReleaseNotifyOptions.send(notifier, () -> ReleaseEvents.rolledBack(r, reason,
                    notify.note("post-rollback checklist, then the incident review"), Instant.now()),
                    out, spec.commandLine().getErr(), "rollback");
            return 0;
        }
    }
}
