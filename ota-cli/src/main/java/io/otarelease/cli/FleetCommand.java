package io.otarelease.cli;

import io.otarelease.core.Durations;
import io.otarelease.core.OtaException;
import io.otarelease.core.fleet.Behaviour;
import io.otarelease.core.fleet.FleetSimulator;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Simulated device fleets for trying releases, canaries and rollbacks locally.",
        subcommands = FleetCommand.Simulate.class)
public final class FleetCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = {"Run N simulated devices — the real ota-client update code, each with its own install id, "
                + "cache and state — against a CDN (e.g. 'ota serve'): they poll the channel pointer, verify it, "
                + "download only missing files, launch new bundles with the readiness check, and report sessions, "
                + "what an app reports (ota-telemetry/1 batches: sessions, crashes, JS errors, load and paint times, "
                + "update checks, downloads, installs, API calls) to a collector: the fleet's own, whose /metrics "
                + "Prometheus scrapes (--metrics-port), or a running one (--telemetry-url, e.g. 'ota serve --collector').",
                "  ota fleet simulate --cdn-url http://127.0.0.1:8080/ --app-id com.example.shop --trusted-keys "
                    + "trusted-keys.json --devices 10000 --duration 10m --crash-rate 1.2.0=3%% --metrics-port 9400"},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:ran for the duration", "2:bad options", "3:cannot listen for /metrics"})
    static final class Simulate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--cdn-url", required = true, paramLabel = "URL",
                description = "Where the store is served (devices read URL/<app-id>/...).")
        URI cdn;

        @Option(names = "--app-id", required = true, paramLabel = "ID", description = "Application id.")
        String appId;

        @Option(names = "--channel", defaultValue = "production", paramLabel = "NAME", description = "Channel (default ${DEFAULT-VALUE}).")
        String channel;

        @Option(names = "--trusted-keys", required = true, paramLabel = "FILE", description = "The keys the app embeds.")
        Path trustedKeys;

        @Option(names = "--devices", defaultValue = "1000", paramLabel = "N", description = "Devices (default ${DEFAULT-VALUE}).")
        int devices;

        @Option(names = "--duration", required = true, paramLabel = "DURATION", description = "How long to run: 90s, 10m, 2h.")
        String duration;

        @Option(names = "--crash-rate", paramLabel = "VERSION=RATE",
                description = "Sessions of VERSION crash with this probability (0.03 or 3%%); repeatable. Default 0.2%%.")
        List<String> crashRates = new ArrayList<>();

        @Option(names = "--start-failure-rate", paramLabel = "VERSION=RATE",
                description = "Launches of VERSION never call ready (readiness reverts them); repeatable.")
        List<String> startFailureRates = new ArrayList<>();

        @Option(names = "--metrics-port", paramLabel = "P",
                description = "Port of the fleet's own collector on 127.0.0.1 (POST /v1/telemetry, GET /metrics for "
                    + "Prometheus); default: any free port, printed at start.")
        Integer metricsPort;

        @Option(names = "--telemetry-url", paramLabel = "URL",
                description = "Send the devices' batches to this collector (e.g. http://127.0.0.1:8080/v1/telemetry "
                    + "of 'ota serve --collector') instead of running the fleet's own.")
        URI telemetryUrl;

        @Option(names = "--poll-interval", defaultValue = "10s", paramLabel = "DURATION", description = "Pointer checks per device (default ${DEFAULT-VALUE}).")
        String poll;

        @Option(names = "--session-interval", defaultValue = "5s", paramLabel = "DURATION",
                description = "App sessions per device (default ${DEFAULT-VALUE}); a staged update runs at the next one.")
        String session;

        @Option(names = "--native-version", defaultValue = "1.0.0", paramLabel = "V", description = "Native app version (default ${DEFAULT-VALUE}).")
        String nativeVersion;

        @Option(names = "--report-every", defaultValue = "5s", paramLabel = "DURATION", description = "Print the fleet's versions this often (default ${DEFAULT-VALUE}).")
        String reportEvery;

        @Option(names = "--threads", defaultValue = "16", paramLabel = "N", description = "Threads running the devices (default ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed for install ids and behaviour (default ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            Behaviour b = Behaviour.healthy();
            for (String s : crashRates) {
                var e = Behaviour.parseRate(s, "--crash-rate");
                b = b.withCrashRate(e.getKey(), e.getValue());
            }
            for (String s : startFailureRates) {
                var e = Behaviour.parseRate(s, "--start-failure-rate");
                b = b.withStartFailureRate(e.getKey(), e.getValue());
            }
            Duration run = Durations.positive(duration, "--duration");
            Duration every = Durations.positive(reportEvery, "--report-every");
            if (!"http".equals(cdn.getScheme()) && !"https".equals(cdn.getScheme())) {
                throw new OtaException.BadInput("--cdn-url " + cdn + " must be an http:// or https:// URL");
            }
            if (telemetryUrl != null && metricsPort != null) {
                throw new OtaException.BadInput("--telemetry-url and --metrics-port exclude each other: the fleet "
                        + "either runs its own collector (--metrics-port) or sends to another one (--telemetry-url)");
            }
            if (telemetryUrl != null && !"http".equals(telemetryUrl.getScheme()) && !"https".equals(telemetryUrl.getScheme())) {
                throw new OtaException.BadInput("--telemetry-url " + telemetryUrl + " must be an http:// or https:// URL");
            }
            keepAlive(threads);
            var settings = new FleetSimulator.Settings(cdn, appId, channel, TrustedKeysFiles.read(trustedKeys), devices,
                    Durations.positive(poll, "--poll-interval"), Durations.positive(session, "--session-interval"),
                    nativeVersion, b, seed, threads, Duration.ofSeconds(10), telemetryUrl, metricsPort == null ? 0 : metricsPort);
            try (FleetSimulator fleet = new FleetSimulator(settings)) {
                out.printf("fleet: %d devices on %s, telemetry to %s%n", devices, cdn, fleet.collector() == null
                        ? telemetryUrl : fleet.collector().ingestUrl() + " (metrics on " + fleet.collector().url()
                        + "metrics)");
                out.flush();
                // simulated time kept to the wall clock; on a machine too busy to keep up it runs late, never short
                while (fleet.now().compareTo(run) < 0) {
                    Duration left = run.minus(fleet.now());
                    fleet.advanceInRealTime(left.compareTo(every) < 0 ? left : every);
                    out.println(line(fleet, fleet.now()));
                    out.flush();
                }
                out.printf("fleet: done; polls %s, %d bytes downloaded, %d reverts%s%n", fleet.stats().polls(),
                        fleet.stats().bytesDownloaded(), fleet.stats().reverts(),
                        fleet.stats().lastProblem() == null ? "" : "; last problem: " + fleet.stats().lastProblem());
            }
            return 0;
        }
    }

    /** One timeline line: elapsed time and devices per running version. */
    static String line(FleetSimulator fleet, Duration at) {
        return String.format("  t+%5.1fs  ", at.toMillis() / 1000.0) + versions(fleet);
    }

    /** Devices per running version: "1.0.0: 9,512 (95.1%), 1.1.0: 488 (4.9%)". */
    public static String versions(FleetSimulator fleet) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Integer> e : fleet.activeVersions().entrySet()) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format("%s: %,d (%.1f%%)", e.getKey(), e.getValue(),
                    100.0 * e.getValue() / fleet.size()));
        }
        return b.toString();
    }

    /**
     * HttpURLConnection keeps only 5 idle connections per host by default; a fleet on 16 threads would then open and
     * close a connection per request and run out of ports. Raise it before the first connection is made.
     */
    public static void keepAlive(int threads) {
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(Math.max(5, threads * 2)));
        }
    }
}
