package io.otarelease.cli.demo;

import io.otarelease.cli.FleetCommand;
import io.otarelease.cli.TrustedKeysFiles;
import io.otarelease.client.manifest.Source;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.bundle.BundleSigner;
import io.otarelease.core.bundle.ManifestBuilder;
import io.otarelease.core.canary.CanaryCheck;
import io.otarelease.core.canary.PrometheusClient;
import io.otarelease.core.canary.PrometheusSource;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.fleet.Behaviour;
import io.otarelease.core.fleet.FleetSimulator;
import io.otarelease.core.fleet.LocalPrometheus;
import io.otarelease.core.io.FileTrees;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.release.Stager;
import io.otarelease.core.rollout.ChannelRollback;
import io.otarelease.core.rollout.RolloutPlan;
import io.otarelease.core.rollout.RolloutRunner;
import io.otarelease.core.serve.StoreServer;
import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SigningService;
import io.otarelease.core.store.FileStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The fleet half of {@code ota demo}: serve the production store as a CDN, run 500 simulated devices (the real
 * ota-client) scraped by a local Prometheus, roll a good release out 25% → 100% through canary checks, then a release
 * whose sessions crash 5% of the time, which the canary fails and rolls back, and watch the fleet return. The fleet
 * runs in simulated time, advanced step by step (each wait of the rollout advances it, then waits for Prometheus to
 * scrape the step), so the sessions behind each verdict, and so the verdicts, do not depend on the machine's speed.
 */
final class FleetDemo {
    private static final int DEVICES = 500;
    private final PrintWriter out;
    private final Consumer<String> step;
    private final Clock clock = Clock.systemUTC();
    private final List<String> timeline = new ArrayList<>();
    private FleetSimulator fleet;

    FleetDemo(PrintWriter out, Consumer<String> step) {
        this.out = out;
        this.step = step;
    }

    void run(Path dir, Signer releaseSigner, Path trustedKeysFile, String appId) throws IOException {
        try {
            runFleet(dir, releaseSigner, trustedKeysFile, appId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.otarelease.core.OtaException.Infrastructure("the fleet demo was interrupted", e);
        }
    }

    private void runFleet(Path dir, Signer releaseSigner, Path trustedKeysFile, String appId)
            throws IOException, InterruptedException {
        step.accept("17. Serve the production store as a CDN and start " + DEVICES + " simulated devices");
        Path prometheusBinary = LocalPrometheus.find(System.getenv());
        if (prometheusBinary == null) {
            out.println("   skipped: the canary reads Prometheus, which is not installed (apt-get install prometheus)");
            return;
        }
        TrustedKeys trusted = TrustedKeysFiles.read(trustedKeysFile);
        FileStore staging = new FileStore(dir.resolve("stores/staging"));
        FileStore production = new FileStore(dir.resolve("stores/production"));
        FileSigner channelSigner = FileSigner.load(dir.resolve("keys/dev-channel.pem"), "dev-channel",
                Algorithm.ECDSA_SHA_256);
        ReleaseContext ctx = new ReleaseContext(appId, "production", production, new StoreRegistry(production, appId),
                trusted, new SigningService(channelSigner, clock), Cdn.NONE, clock, "demo", ReleaseContext.DEFAULT_VALIDITY);
        FleetCommand.keepAlive(16);
        Behaviour behaviour = Behaviour.healthy().withCrashRate("1.3.0", 0.05);
        try (StoreServer cdn = StoreServer.start(production, InetAddress.getLoopbackAddress(), 0, 1, 8);
             FleetSimulator fleet = new FleetSimulator(FleetSimulator.Settings.of(cdn.url(), appId, trusted, DEVICES)
                     .withIntervals(Duration.ofSeconds(5), Duration.ofSeconds(2)).withBehaviour(behaviour));
             LocalPrometheus prometheus = LocalPrometheus.start(prometheusBinary, dir.resolve("prometheus"),
                     "127.0.0.1:" + fleet.collector().port(), Duration.ofSeconds(1))) {
            this.fleet = fleet;
            out.println("   ota serve:      " + cdn.url() + " (blobs and releases immutable, channels max-age 1 s)");
            out.println("   collector:      " + fleet.collector().url() + " (devices POST ota-telemetry/1 batches to "
                    + "v1/telemetry; /metrics scraped every second by Prometheus at " + prometheus.url() + ")");
            out.println("   each device polls every 5 s and starts a session every 2 s of simulated time (t+ below): the fleet"
                    + " is advanced step by step, so the same sessions happen on a slow machine; 1.3.0 crashes 5% of"
                    + " sessions");
            converge("1.0.0", 1.0);
            event("fleet on 1.0.0: " + FleetCommand.versions(fleet));

            CanaryCheck canary = new CanaryCheck(new PrometheusSource(new PrometheusClient(prometheus.url(),
                    Duration.ofSeconds(5))), Thresholds.defaults(), clock);
            RolloutRunner runner = new RolloutRunner((v, p) -> {
                long seq = new Promoter(ctx).promote(staging, v, p).sequence();
                return "promoted " + v + " to " + p + "% (sequence " + seq + ")";
            }, canary, new ChannelRollback(ctx), d -> prometheus.awaitScrape(fleet.advance(d), Duration.ofSeconds(60)),
                    this::event);
            // 30 simulated seconds at 25%: about 125 devices × 11 sessions of the new version, well above 500
            RolloutPlan plan = new RolloutPlan(List.of(new Percent(25), Percent.ALL), Duration.ofSeconds(30), "5m", Duration.ofSeconds(60));

            step.accept("18. Release 1.2.0: stage it, roll it out 25% -> 100% with a canary check after each step");
            release(dir, releaseSigner, staging, trusted, appId, "1.2.0", ".css", "1.2.0: larger buttons");
            RolloutRunner.Result good = runner.run(plan, "1.2.0", "1.0.0", 500);
            converge("1.2.0", 1.0);
            event("fleet on 1.2.0: " + FleetCommand.versions(fleet) + " (rollout " + good.outcome() + ")");

            step.accept("19. Release 1.3.0, whose sessions crash 5% of the time: the canary FAILs and rolls back");
            release(dir, releaseSigner, staging, trusted, appId, "1.3.0", ".js", "1.3.0: new price cache");
            RolloutRunner.Result bad = runner.run(plan, "1.3.0", "1.2.0", 500);
            Duration back = converge("1.2.0", 0.95);
            event(String.format("95%% of the fleet back on 1.2.0, %.1f s after the rollback: %s (rollout %s)",
                    back.toMillis() / 1000.0, FleetCommand.versions(fleet), bad.outcome()));
            converge("1.2.0", 1.0);
            event("fleet on 1.2.0: " + FleetCommand.versions(fleet));

            step.accept("20. Timeline");
            timeline.forEach(l -> out.println("   " + l));
            out.printf("   devices downloaded %,d bytes in all; reverts by the readiness check: %d; device errors: %d%n",
                    fleet.stats().bytesDownloaded(), fleet.stats().reverts(), fleet.stats().errors());
        }
    }

    /** Stages a copy of the 1.0.0 bundle with a comment added to its first file ending in {@code ext} (or any file). */
    private void release(Path dir, Signer signer, FileStore staging, TrustedKeys trusted, String appId, String version,
                         String ext, String change) throws IOException {
        Path www = dir.resolve("releases/" + version + "/www");
        FileTrees.copy(dir.resolve("releases/1.0.0/www"), www);
        Files.deleteIfExists(www.resolve("manifest.json"));
        Files.deleteIfExists(www.resolve("manifest.sig"));
        Path file;
        try (var files = Files.walk(www)) {
            List<Path> all = files.filter(Files::isRegularFile).sorted().toList();
            file = all.stream().filter(p -> p.toString().endsWith(ext)).findFirst().orElse(all.get(0));
        }
        String name = file.getFileName().toString();
        String comment = name.endsWith(".js") ? "// " + change : name.endsWith(".css") ? "/* " + change + " */"
                : name.endsWith(".html") ? "<!-- " + change + " -->" : change;
        Files.writeString(file, Files.readString(file) + "\n" + comment + "\n");
        BundleSigner.sign(www, new ManifestBuilder().appId(appId).version(version).minNativeVersion("1.0.0")
                .source(new Source(null, "ota/v" + version, null)), new SigningService(signer, clock));
        Stager.Result s = new Stager(staging, new StoreRegistry(staging, appId), trusted, clock).stage(www);
        out.printf("   staged %s: %d files, %d uploaded (%s changed)%n", version, s.files(), s.blobsUploaded(),
                www.relativize(file).toString().replace(java.io.File.separatorChar, '/'));
    }

    private void event(String line) {
        String l = String.format("t+%5.1fs  %s", fleet.now().toMillis() / 1000.0, line);
        out.println("   " + l);
        out.flush();
        if (!line.startsWith("  ok") && !line.startsWith("waiting")) {
            timeline.add(l);
        }
    }

    /** Advances the fleet until {@code share} of it runs {@code version}; at most 5 minutes of simulated time. */
    private Duration converge(String version, double share) throws InterruptedException {
        return fleet.advanceUntil(() -> fleet.share(version) >= share, Duration.ofSeconds(1), Duration.ofMinutes(5),
                Math.round(share * 100) + "% on " + version);
    }
}
