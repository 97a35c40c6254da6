package io.otarelease.cli;

import io.otarelease.core.OtaException;
import io.otarelease.core.registry.RegistryDocument;
import io.otarelease.core.release.RegistryTable;
import io.otarelease.core.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "registry", mixinStandardHelpOptions = true, description = "The version registry of an app.",
        subcommands = {RegistryCommand.ListReleases.class, RegistryCommand.Show.class})
final class RegistryCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static class Where {
        @Option(names = "--store", required = true, paramLabel = "URL", description = "The store holding registry.json.")
        String storeUrl;

        @Option(names = "--app-id", required = true, paramLabel = "ID", description = "Application id.")
        String appId;

        @Mixin
        StoreOptions storeOptions;

        @Mixin
        RegistryOptions registryOptions;

        RegistryDocument read() {
            try (Store s = storeOptions.open(storeUrl)) {
                return registryOptions.open(s, appId).read();
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print the version table: version, bundle hash, status, released, retired.")
    static final class ListReleases implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Where where;

        @Override
        public Integer call() {
            spec.commandLine().getOut().print(RegistryTable.render(where.read()));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print one release of the registry.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "VERSION")
        String version;

        @Mixin
        Where where;

        @Override
        public Integer call() {
            var e = where.read().find(version).orElseThrow(() -> new OtaException.BadInput("release " + version
                    + " is not in the registry of " + where.appId));
            var out = spec.commandLine().getOut();
            out.printf("version     %s%nbundleHash  %s%nstatus      %s%nstaged      %s%nreleased    %s%nretired     %s%n",
                    e.version(), e.bundleHash(), e.status(), dash(e.staged()), dash(e.released()), dash(e.retired()));
            if (e.note() != null) {
                out.printf("note        %s%n", e.note());
            }
            return 0;
        }

        static String dash(String s) {
            return s == null ? "—" : s;
        }
    }
}
