package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.core.io.AtomicFiles;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.Stager;
import io.otarelease.core.serve.StoreServer;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.telemetry.Collector;
import io.otarelease.core.telemetry.TelemetryLabels;
import io.otarelease.core.testing.ReleaseFixture;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ota fleet simulate} and {@code ota serve} options through the real command line. */
class FleetCommandsTest {
    @TempDir
    Path dir;

    @Test
    void aFleetRunsForItsDurationPrintsItsTimelineAndServesMetrics() throws Exception {
        ReleaseFixture fx = new ReleaseFixture(dir);
        FileStore staging = new FileStore(dir.resolve("staging"));
        FileStore production = new FileStore(dir.resolve("production"));
        new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock).stage(fx.bundle("2.0.0"));
        new Promoter(fx.context(production)).promote(staging, "2.0.0", new Percent(100));
        Path keys = dir.resolve("trusted-keys.json");
        AtomicFiles.write(keys, fx.trusted.toCanonicalBytes());
        int metricsPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            metricsPort = s.getLocalPort();
        }
        String[] scraped = new String[1];
        java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
        // scrapes until it has the fleet's sessions or the command has ended: a wait on content, not on a rate
        Thread scraper = new Thread(() -> {
            while (scraped[0] == null && !finished.get()) {
                try {
                    Thread.sleep(100);
                    var r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(java.net.URI.create(
                            "http://127.0.0.1:" + metricsPort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.body().contains("ota_sessions_total{app=\"" + ReleaseFixture.APP
                            + "\",channel=\"production\",version=\"2.0.0\"}")) {
                        scraped[0] = r.body();
                    }
                } catch (Exception e) {
                    // not up yet
                }
            }
        });
        try (StoreServer cdn = StoreServer.start(production, InetAddress.getLoopbackAddress(), 0, 1, 4)) {
            scraper.start();
            CliRun run = CliRun.of("fleet", "simulate", "--cdn-url", cdn.url().toString(), "--app-id", ReleaseFixture.APP,
                    "--trusted-keys", keys.toString(), "--devices", "50", "--duration", "3s", "--poll-interval", "300ms",
                    "--session-interval", "200ms", "--report-every", "1s", "--metrics-port", Integer.toString(metricsPort),
                    "--crash-rate", "2.0.0=50%");
            finished.set(true);
            scraper.join();
            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.out()).contains("fleet: 50 devices on " + cdn.url()).contains("2.0.0: 50 (100.0%)")
                    .contains("t+  3.0s").contains("fleet: done; polls {"); // all 3 s of simulated time ran
            assertThat(scraped[0]).contains("# TYPE ota_active_version gauge");
        }
    }

    @Test
    void aFleetReportsToTheCollectorBesideTheStoreWhichKnowsItsReleases() throws Exception {
        ReleaseFixture fx = new ReleaseFixture(dir);
        FileStore staging = new FileStore(dir.resolve("staging"));
        FileStore production = new FileStore(dir.resolve("production"));
        new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock).stage(fx.bundle("2.0.0"));
        new Promoter(fx.context(production)).promote(staging, "2.0.0", new Percent(100));
        Path keys = dir.resolve("trusted-keys.json");
        AtomicFiles.write(keys, fx.trusted.toCanonicalBytes());
        // what 'ota serve --collector' runs: the store served with the collector on the same port
        Collector collector = new Collector(Collector.Settings.defaults(TelemetryLabels.fromStore(production,
                System::nanoTime)).withRate(1000, 1000));
        try (StoreServer cdn = StoreServer.start(production, InetAddress.getLoopbackAddress(), 0, 1, 4, collector)) {
            CliRun run = CliRun.of("fleet", "simulate", "--cdn-url", cdn.url().toString(), "--app-id", ReleaseFixture.APP,
                    "--trusted-keys", keys.toString(), "--devices", "20", "--duration", "2s", "--poll-interval", "300ms",
                    "--session-interval", "200ms", "--report-every", "1s", "--telemetry-url", cdn.url() + "v1/telemetry");
            assertThat(run.exitCode()).as(run.all()).isZero();
            assertThat(run.out()).contains("telemetry to " + cdn.url() + "v1/telemetry").doesNotContain("problem");
            HttpClient http = HttpClient.newHttpClient();
            String first = http.send(HttpRequest.newBuilder(cdn.url().resolve("metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String metrics = http.send(HttpRequest.newBuilder(cdn.url().resolve("metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String series = "ota_sessions_total{app=\"" + ReleaseFixture.APP + "\",channel=\"production\",version=\"2.0.0\"}";
            assertThat(first).as("first exposition at zero").contains(series + " 0");
            double sessions = Double.parseDouble(metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError(metrics)).split(" ")[1]);
            assertThat(sessions).as("20 devices, a session every ~200 ms for up to 2 s").isBetween(20.0, 300.0);
            assertThat(metrics).contains("version=\"embedded\"").doesNotContain("version=\"other\"")
                    .contains("ota_telemetry_batches_total{status=\"202\"}").doesNotContain("status=\"4");
        }
    }

    @Test
    void theCollectorsHelpTeachesAndBadCollectorOptionsExitTwo() {
        CliRun help = CliRun.of("collector", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("POST", "/v1/telemetry", "/metrics", "429", "Retry-After", "other",
                "docs/telemetry.md", "--known-version", "--rate", "--store");
        CliRun port = CliRun.of("collector", "--port", "70000");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.err()).contains("--port must be between 0 and 65535");
        CliRun lists = CliRun.of("collector", "--store", dir.toUri().toString(), "--known-version", "1.0.0");
        assertThat(lists.exitCode()).isEqualTo(2);
        assertThat(lists.err()).contains("--known-version");
        CliRun rate = CliRun.of("collector", "--rate", "0", "--port", "0");
        assertThat(rate.exitCode()).isEqualTo(2);
        assertThat(rate.err()).contains("--rate");
        CliRun both = CliRun.of("fleet", "simulate", "--cdn-url", "http://127.0.0.1:1/", "--app-id", "a.b",
                "--trusted-keys", "x.json", "--duration", "1s", "--telemetry-url", "http://127.0.0.1:1/v1/telemetry",
                "--metrics-port", "9");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("--telemetry-url and --metrics-port");
        CliRun serve = CliRun.of("serve", "--store", dir.toUri().toString(), "--collector", "--known-app", "a.b");
        assertThat(serve.exitCode()).isEqualTo(2);
        assertThat(serve.err()).contains("--known-app");
    }

    @Test
    void badFleetAndServeOptionsExitTwo() {
        CliRun rate = CliRun.of("fleet", "simulate", "--cdn-url", "http://127.0.0.1:1/", "--app-id", "a.b", "--trusted-keys",
                "x.json", "--duration", "1s", "--crash-rate", "2.0.0=lots");
        assertThat(rate.exitCode()).isEqualTo(2);
        assertThat(rate.err()).contains("--crash-rate \"2.0.0=lots\"");
        CliRun cdn = CliRun.of("fleet", "simulate", "--cdn-url", "ftp://x/", "--app-id", "a.b", "--trusted-keys",
                dir.resolve("none.json").toString(), "--duration", "1s");
        assertThat(cdn.exitCode()).isEqualTo(2);
        CliRun duration = CliRun.of("fleet", "simulate", "--cdn-url", "http://x/", "--app-id", "a.b", "--trusted-keys",
                "x.json", "--duration", "forever");
        assertThat(duration.err()).contains("--duration");
        CliRun port = CliRun.of("serve", "--store", dir.toUri().toString(), "--port", "70000");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.err()).contains("--port must be between 0 and 65535");
        assertThat(CliRun.of("serve", "--store", "ftp://nowhere/").exitCode()).isEqualTo(2);
        CliRun unverified = CliRun.of("serve", "--store", dir.toUri().toString(), "--preview", "a.b/1.0.0");
        assertThat(unverified.exitCode()).isEqualTo(2);
        assertThat(unverified.err()).contains("--preview needs --trusted-keys");
        CliRun stray = CliRun.of("serve", "--store", dir.toUri().toString(), "--platform-www", dir.toString());
        assertThat(stray.exitCode()).isEqualTo(2);
        assertThat(stray.err()).contains("go with --preview");
    }
}
