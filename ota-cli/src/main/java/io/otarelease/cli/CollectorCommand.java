package io.otarelease.cli;

import io.otarelease.core.store.Store;
import io.otarelease.core.telemetry.Collector;
import io.otarelease.core.telemetry.CollectorServer;
import io.otarelease.core.telemetry.TelemetryLabels;
import java.net.InetAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "collector", mixinStandardHelpOptions = true,
        description = {"Run the telemetry collector alone: apps (and 'ota fleet simulate --telemetry-url') POST "
            + "ota-telemetry/1 batches to /v1/telemetry; Prometheus scrapes /metrics (the ota_* metrics the canary, "
            + "alerts and dashboard read). Batches are checked strictly (400 names the field; a batch is all or "
            + "nothing), limited in size (256 KiB, 413), content type (415) and rate per install (429 + "
            + "Retry-After), and counted once per batch id. Label values stay bounded: apps, channels and versions "
            + "it does not know count as 'other' (known: the --store's, the --known-* lists, or the first seen up "
            + "to the --max-* caps). Contract and scaling: docs/telemetry.md.",
            "Runs until interrupted (Ctrl-C). Several instances behind a load balancer: Prometheus scrapes each and "
                + "sums; replay and rate-limit memory is per instance.",
            "  ota collector --port 9400 --store s3://releases/ota",
            "  ota collector --port 9400 --known-app com.example.shop --max-versions 30",
            "  ota serve --store file:///srv/ota --collector   (the same, beside the CDN)"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "2:bad options", "3:cannot listen on the address"})
final class CollectorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "9400", paramLabel = "N", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default ${DEFAULT-VALUE}: this machine only; 0.0.0.0 behind a load balancer).")
    String bind;

    @Option(names = "--threads", defaultValue = "8", paramLabel = "N", description = "Request threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--store", paramLabel = "URL",
            description = "Know apps, channels and versions from this store (file:///path or s3://bucket/prefix); it is not served.")
    String storeUrl;

    @Mixin
    CollectorOptions collectorOptions;

    @Mixin
    StoreOptions storeOptions;

    @Override
    public Integer call() throws InterruptedException {
        Foreground.checkThreads(threads);
        InetAddress address = Foreground.address(bind);
        if (storeUrl != null) {
            collectorOptions.checkNoLists("with --store");
        }
        try (Store store = storeUrl == null ? null : storeOptions.open(storeUrl)) {
            TelemetryLabels labels = store == null ? collectorOptions.standaloneLabels()
                    : TelemetryLabels.fromStore(store, System::nanoTime);
            try (CollectorServer server = CollectorServer.start(new Collector(collectorOptions.settings(labels)),
                    address, port, threads)) {
                Foreground.untilStopped(spec.commandLine().getOut(), "collector on " + server.url() + " (POST "
                        + server.ingestUrl() + ", GET " + server.url() + "metrics; labels from "
                        + (store == null ? "--known-*/--max-*" : store.url()) + "; Ctrl-C stops)");
            }
        }
        return 0;
    }
}
