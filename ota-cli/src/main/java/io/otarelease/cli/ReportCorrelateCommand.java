package io.otarelease.cli;

import io.otarelease.core.OtaException;
import io.otarelease.core.io.IoErrors;
import io.otarelease.core.report.TicketCorrelation;
import io.otarelease.core.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "correlate", mixinStandardHelpOptions = true,
        description = {"Count support tickets tagged with an OTA version, per release of the registry.",
            "tickets.csv: a CSV export with a header row naming at least id and version (or ota_version)."})
final class ReportCorrelateCommand implements Callable<Integer> {
    private static final long MAX_BYTES = 64L << 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--tickets", required = true, paramLabel = "FILE", description = "The tickets CSV.")
    Path tickets;

    @Option(names = "--store", required = true, paramLabel = "URL", description = "The production store.")
    String storeUrl;

    @Option(names = "--app-id", required = true, paramLabel = "ID", description = "Application id.")
    String appId;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    RegistryOptions registry;

    @Override
    public Integer call() {
        String csv;
        try {
            if (Files.size(tickets) > MAX_BYTES) {
                throw new OtaException.BadInput(tickets + " is larger than 64 MiB");
            }
            csv = Files.readString(tickets, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot read " + tickets + ": " + IoErrors.reason(e), e);
        }
        try (Store store = storeOptions.open(storeUrl)) {
            spec.commandLine().getOut().print(TicketCorrelation.correlate(csv, tickets.toString(),
                    registry.open(store, appId).read()).text());
            return 0;
        }
    }
}
