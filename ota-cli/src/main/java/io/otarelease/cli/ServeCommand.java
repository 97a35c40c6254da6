package io.otarelease.cli;

import io.otarelease.core.OtaException;
import io.otarelease.core.serve.PreviewServer;
import io.otarelease.core.serve.StoreServer;
import io.otarelease.core.store.Store;
import io.otarelease.core.telemetry.Collector;
import io.otarelease.core.telemetry.TelemetryLabels;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve a store over HTTP as a CDN in front of it would, for devices, fleets and demos: only "
            + "blobs, release manifests and channel pointers (never the registry or audit log); ETags with 304, "
            + "Cache-Control immutable for blobs and releases, a short max-age for channels, single byte ranges.",
            "With --preview, serves one verified release instead, as the app's web view loads it, to open in a desktop "
                + "browser: its files by their paths with their content types, each checked against the signed "
                + "manifest; Cordova's platform files from --platform-www.",
            "With --collector it also runs the telemetry collector (POST /v1/telemetry, GET /metrics; see 'ota "
                + "collector --help'), knowing the store's apps, channels and releases as label values.",
            "Runs until interrupted (Ctrl-C).",
            "  ota serve --store file:///srv/ota --port 8080",
            "  ota serve --store file:///srv/ota --port 8080 --collector --rate 0.2",
            "  ota serve --store s3://acme-staging/ota --preview com.example.shop/3.4.1 --trusted-keys trusted-keys.json "
                + "--platform-www platforms/android/platform_www"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "2:bad options", "3:cannot listen on the address"})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--store", required = true, paramLabel = "URL", description = "The store to serve (file:///path or s3://bucket/prefix).")
    String storeUrl;

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "Port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default ${DEFAULT-VALUE}: this machine only).")
    String bind;

    @Option(names = "--channel-max-age", defaultValue = "30", paramLabel = "SECONDS",
            description = "Cache-Control max-age of channel pointers (default ${DEFAULT-VALUE}): how late a rollback may reach a device.")
    int channelMaxAge;

    @Option(names = "--threads", defaultValue = "16", paramLabel = "N", description = "Request threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--preview", paramLabel = "APP/VERSION|APP/CHANNEL",
            description = "Serve one release for a browser: a version, or what the channel's signed pointer serves.")
    String preview;

    @Option(names = "--trusted-keys", paramLabel = "FILE",
            description = "With --preview: trusted-keys.json, the keys the release (and pointer) must be signed with.")
    Path trustedKeys;

    @Option(names = "--platform-www", paramLabel = "DIR", description = "With --preview: Cordova's platform files "
            + "(cordova.js, cordova_plugins.js, plugins/), e.g. platforms/android/platform_www; without it the page "
            + "runs as in a plain browser.")
    Path platformWww;

    @Option(names = "--collector",
            description = "Also collect device telemetry on this port (POST /v1/telemetry, GET /metrics for Prometheus).")
    boolean collector;

    @Mixin
    CollectorOptions collectorOptions;

    @Mixin
    StoreOptions storeOptions;

    @Override
    public Integer call() throws InterruptedException {
        Foreground.checkThreads(threads);
        InetAddress address = Foreground.address(bind);
        if (collector) {
            collectorOptions.checkNoLists("beside a store");
        }
        if (preview != null) {
            if (collector) {
                throw new OtaException.BadInput("--collector goes with serving a store, not with --preview");
            }
            return preview(address);
        }
        if (trustedKeys != null || platformWww != null) {
            throw new OtaException.BadInput("--trusted-keys and --platform-www go with --preview");
        }
        try (Store store = storeOptions.open(storeUrl);
             StoreServer server = StoreServer.start(store, address, port, channelMaxAge, threads, !collector ? null
                     : new Collector(collectorOptions.settings(TelemetryLabels.fromStore(store, System::nanoTime))))) {
            Foreground.untilStopped(spec.commandLine().getOut(), "serving " + store.url() + " on " + server.url()
                    + (collector ? " with the collector (POST " + server.url() + "v1/telemetry, GET " + server.url()
                    + "metrics)" : "") + " (Ctrl-C stops)");
        }
        return 0;
    }

    private int preview(InetAddress address) throws InterruptedException {
        if (trustedKeys == null) {
            throw new OtaException.BadInput("--preview needs --trusted-keys: only a verified release is served");
        }
        try (Store store = storeOptions.open(storeUrl);
             PreviewServer server = PreviewServer.start(store, preview, TrustedKeysFiles.read(trustedKeys),
                     platformWww, address, port)) {
            Foreground.untilStopped(spec.commandLine().getOut(), "previewing " + preview + " (version "
                    + server.version() + ", verified) on " + server.url() + " (Ctrl-C stops)");
        }
        return 0;
    }
}
