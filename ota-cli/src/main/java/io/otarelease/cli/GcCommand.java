package io.otarelease.cli;

import io.otarelease.core.Durations;
import io.otarelease.core.release.GarbageCollector;
import io.otarelease.core.store.Store;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "gc", mixinStandardHelpOptions = true,
        description = {"Delete blobs that no kept or staged release references, after a grace period.",
            "Kept: every release not archived, every release a channel pointer names, releases archived less than "
                + "--grace ago, and manifests the registry does not know. A blob newer than --grace is never deleted "
                + "(an upload may be in progress). Temporary files that failed writes left in a file store go once older "
                + "than --grace.",
            "gc and promotions never overlap (a lease in <app>/leases/): gc exits 3 and deletes nothing while a "
                + "promotion runs, and a promotion exits 3 while gc runs; run the one that stopped again."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a channel pointer or manifest cannot be read", "2:bad options",
            "3:the store failed, or a promotion or another gc is running"})
final class GcCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "URL", description = "The store to clean.")
    String storeUrl;

    @Option(names = "--app-id", required = true, paramLabel = "ID", description = "Application id.")
    String appId;

    @Option(names = "--grace", defaultValue = "7d", paramLabel = "DURATION", description = "Default: ${DEFAULT-VALUE}.")
    String grace;

    @Option(names = "--dry-run", description = "Only print what would be deleted.")
    boolean dryRun;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    RegistryOptions registryOptions;

    @Override
    public Integer call() {
        try (Store s = storeOptions.open(storeUrl)) {
            var r = GarbageCollector.collect(s, appId, registryOptions.open(s, appId).read(), Clock.systemUTC(),
                    Durations.parse(grace, "--grace"), dryRun);
            var out = spec.commandLine().getOut();
            if (dryRun) {
                r.deleted().forEach(k -> out.println("would delete " + k));
            }
            out.printf("%s %d of %d blobs (%,d bytes); %d referenced%n", dryRun ? "would delete" : "deleted",
                    r.deleted().size(), r.blobsSeen(), r.bytesFreed(), r.referenced());
            if (!r.temporaries().isEmpty()) {
                out.printf("%s %d temporary files of failed writes (%,d bytes)%n", dryRun ? "would delete" : "deleted",
                        r.temporaries().size(), r.temporaries().stream().mapToLong(Store.Entry::size).sum());
            }
            if (!r.missing().isEmpty()) {
                var err = spec.commandLine().getErr();
                r.missing().forEach(k -> err.println("missing " + k));
                err.printf("%d blob(s) listed by kept releases are missing from %s: devices cannot fetch them, and "
                        + "stage and promote assume they are there. Copy each from the staging store (same key) "
                        + "or re-release under a new version%n", r.missing().size(), s.url());
                return 1;
            }
            return 0;
        }
    }
}
