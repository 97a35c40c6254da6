package io.otarelease.cli;

import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.notify.Notifier;
import io.otarelease.core.notify.ReleaseEvents;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.store.Store;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "promote", mixinStandardHelpOptions = true,
        description = {"Release a staged version to a channel at a rollout percent.",
            "Copies to production only what it lacks (server-side within one S3 endpoint), verifies the release "
                + "there, publishes a new signed channel pointer (sequence + 1), updates the registry, appends an "
                + "audit record and invalidates the channel objects on the CDN. Widening (5 -> 25 -> 50 -> 100) "
                + "keeps every device already in.",
            "  ota promote 3.4.1 --from-store s3://acme-staging/ota --store s3://acme-prod/ota --app-id com.example.shop "
                + "--percent 5 --trusted-keys trusted-keys.json --signer pkcs11 ... --cdn cloudfront "
                + "--cdn-distribution E1A2B3C4D5E6F7"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:promoted", "1:the release does not verify or is quarantined", "2:bad options",
            "3:store, signer or CDN failed, or another promotion won a race (re-run)"})
final class PromoteCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "VERSION", description = "The staged version, e.g. 3.4.1.")
    String version;

    @Option(names = "--from-store", paramLabel = "URL", description = "The staging store to copy the release from "
            + "(not needed when production already holds it).")
    String from;

    @Option(names = "--store", required = true, paramLabel = "URL", description = "The production store.")
    String to;

    @Option(names = "--percent", required = true, paramLabel = "P", description = "Rollout percent, 1 to 100.",
            converter = PercentConverter.class)
    Percent percent;

    @Option(names = "--urgent", description = "Mark the release urgent in the signed pointer: devices apply it "
            + "(reload into it) as soon as it is downloaded and verified, instead of at their next start.")
    boolean urgent;

    @Option(names = "--parallel", defaultValue = "8", paramLabel = "N", description = "Copies at once (default: 8).")
    int parallel;

    @Mixin
    ChannelOptions channel;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    SignerOptions signerOptions;

    @Mixin
    CdnOptions cdnOptions;

    @Mixin
    BucketCheckOptions bucketChecks;

    @Mixin
    ReleaseNotifyOptions notify;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        Notifier notifier = notify.open(true, spec.commandLine().getErr(), "promote");
        try (Store prod = storeOptions.open(to); Store staging = from == null ? null : storeOptions.open(from);
             Signer signer = signerOptions.open(spec.commandLine().getErr())) {
            bucketChecks.enforce(prod, staging, spec.commandLine().getErr()); // before anything is written
            var ctx = channel.context(prod, signer, cdnOptions.open());
            Promoter.Result r = new Promoter(ctx).parallelism(parallel).cdnPathPrefix(cdnOptions.pathPrefix)
                    .waitFor(cdnOptions.waitFor()).urgent(urgent).promote(staging, version, percent);
            out.printf("%s %s %s%s on channel %s (%s) at %d%% (sequence %d), %d files copied, previous %s, %.1f s%n",
                    r.pointerChanged() ? "promoted" : "already promoted", channel.appId, version,
                    urgent ? " (urgent)" : "", channel.channel,
                    prod.url(new StoreLayout(channel.appId).channel(channel.channel)), r.percent().value(), r.sequence(), r.blobsCopied(),
                    r.previousVersion() == null ? "none" : r.previousVersion(), r.elapsed().toMillis() / 1000.0);
            if (r.invalidationId() != null) {
                out.printf("CDN invalidation %s%n", r.invalidationId());
            }
            if (r.pointerChanged()) {
                ReleaseNotifyOptions.send(notifier, () -> ReleaseEvents.released(r,
                        notify.note("OTA " + version + " (see its release notes)"), notify.eta(), Instant.now()),
                        out, spec.commandLine().getErr(), "promote");
            }
            return 0;
        }
    }
}
