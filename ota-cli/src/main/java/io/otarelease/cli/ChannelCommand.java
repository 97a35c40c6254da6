package io.otarelease.cli;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.release.ChannelPointers;
import io.otarelease.core.release.ChannelStore;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.store.Store;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "channel", mixinStandardHelpOptions = true, description = "Show or refresh a signed channel pointer.",
        subcommands = {ChannelCommand.Show.class, ChannelCommand.Refresh.class})
final class ChannelCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static void print(PrintWriter out, ChannelPointer p) {
        out.printf("channel   %s/%s, sequence %d%n", p.appId(), p.channel(), p.sequence());
        out.printf("issued    %s, expires %s%n", p.issuedAt(), p.expiresAt());
        var c = p.current();
        out.printf("current   %s at %d%% (%s, salt %s%s)%n", c.version(), c.percent(), c.bundleHash(), c.salt(),
                (c.minNativeVersion() == null ? "" : ", native >= " + c.minNativeVersion()) + (c.urgent() ? ", urgent" : ""));
        if (p.fallback() != null) {
            out.printf("fallback  %s (%s)%n", p.fallback().version(), p.fallback().bundleHash());
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the pointer of a channel and whether its signature verifies with the trusted keys.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:shown, signature valid",
                "1:the signature does not verify, the pointer expired, or it is not the one the channel's signed "
                + "history records last", "2:bad options or no pointer"})
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--store", required = true, paramLabel = "URL", description = "The production store.")
        String storeUrl;

        @Mixin
        ChannelOptions channel;

        @Mixin
        StoreOptions storeOptions;

        @Override
        public Integer call() {
            var out = spec.commandLine().getOut();
            try (Store prod = storeOptions.open(storeUrl)) {
                var ctx = channel.context(prod, null, Cdn.NONE);
                ChannelStore.State s = ChannelPointers.show(ctx);
                print(out, s.pointer());
                out.println(s.signed() ? "signature valid" : "SIGNATURE INVALID: " + s.problem());
                String history = ChannelPointers.historyProblem(ctx, s);
                out.println(history == null ? ChannelPointers.historyLine(ctx) : "HISTORY MISMATCH: " + history);
                boolean expired = !java.time.Instant.now().isBefore(s.pointer().expiresAt());
                if (expired) {
                    out.println("EXPIRED: devices refuse this pointer; run 'ota channel refresh'");
                }
                return s.signed() && !expired && history == null ? 0 : 1;
            }
        }
    }

    @Command(name = "refresh", mixinStandardHelpOptions = true,
            description = "Re-sign the pointer with a later expiresAt (and sequence + 1), targeting unchanged. Only the "
                    + "pointer the channel's signed history records last is refreshed.",
            exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:refreshed",
                "1:the stored pointer is not the one the signed history records last, the history does not verify, "
                    + "or the pointer expired (see --allow-expired)", "2:bad options or no pointer",
                "3:store, signer or CDN failed"})
    static final class Refresh implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--store", required = true, paramLabel = "URL", description = "The production store.")
        String storeUrl;

        @Mixin
        ChannelOptions channel;

        @Mixin
        StoreOptions storeOptions;

        @Mixin
        SignerOptions signerOptions;

        @Mixin
        CdnOptions cdnOptions;

        @Option(names = "--allow-expired", description = "Refresh a pointer that has already expired (devices refuse "
                + "it): check with 'ota channel show' that it is still what the channel should serve.")
        boolean allowExpired;

        @Option(names = "--start-history", description = "Start the channel's signed history from the stored pointer "
                + "(once, for a channel published before histories existed): you vouch that it is the latest one.")
        boolean startHistory;

        @Override
        public Integer call() {
            try (Store prod = storeOptions.open(storeUrl); Signer signer = signerOptions.open(spec.commandLine().getErr())) {
                ChannelPointer p = ChannelPointers.refresh(channel.context(prod, signer, cdnOptions.open()),
                        cdnOptions.pathPrefix, allowExpired, startHistory);
                print(spec.commandLine().getOut(), p);
                return 0;
            }
        }
    }
}
