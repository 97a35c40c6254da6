package io.otarelease.core.fleet;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.PrometheusClient;
import io.otarelease.core.io.IoErrors;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A Prometheus (Debian's {@code prometheus}) on 127.0.0.1 scraping a fleet's {@code /metrics}, with its own config
 * and storage under a working directory: what {@code ota demo} and the fleet benchmarks run beside a simulated
 * fleet. Production fleets are scraped by the team's own Prometheus; this is for local runs only.
 */
public final class LocalPrometheus implements AutoCloseable {
    private final Process process;
    private final URI url;
    private final Path log;

    private LocalPrometheus(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** The prometheus binary on PATH, or null. */
    public static Path find(java.util.Map<String, String> env) {
        String path = env.get("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, "prometheus");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Starts {@code binary} scraping {@code target} (host:port) every {@code interval}, and waits until it is ready. */
    public static LocalPrometheus start(Path binary, Path dir, String target, Duration interval) {
        try {
            Files.createDirectories(dir);
            long s = Math.max(1, interval.toSeconds());
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, "global:\n  scrape_interval: " + s + "s\n  evaluation_interval: " + s + "s\n"
                    + "scrape_configs:\n  - job_name: fleet\n    static_configs:\n      - targets: ['" + target + "']\n");
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            Path log = dir.resolve("prometheus.log");
            Process p = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")),
                    "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            LocalPrometheus prometheus = new LocalPrometheus(p, URI.create("http://127.0.0.1:" + port + "/"), log);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new OtaException.Infrastructure("prometheus exited at start; see " + log);
                }
                if (ready(prometheus.url)) {
                    return prometheus;
                }
                Thread.sleep(100);
            }
            prometheus.close();
            throw new OtaException.Infrastructure("prometheus was not ready within 30 s; see " + log);
        } catch (IOException e) {
            throw new OtaException.Infrastructure("cannot start prometheus: " + IoErrors.reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OtaException.Infrastructure("interrupted while starting prometheus", e);
        }
    }

    public URI url() {
        return url;
    }

    public Path log() {
        return log;
    }

    /**
     * Waits until this Prometheus has scraped {@code fleet} at its current simulated time (its
     * {@value io.otarelease.core.telemetry.TelemetryMetrics#SIMULATED_SECONDS} gauge), so every count of the steps run so far is in Prometheus. The
     * wait is on a value, not on an amount of work per second; {@code ceiling} only bounds a Prometheus that stopped
     * scraping.
     */
    public void awaitScrape(FleetSimulator fleet, Duration ceiling) throws InterruptedException {
        double want = fleet.now().toNanos() / 1e9;
        PrometheusClient client = new PrometheusClient(url, Duration.ofSeconds(10));
        long deadline = System.nanoTime() + ceiling.toNanos();
        double seen = Double.NaN;
        while (true) {
            for (PrometheusClient.Series series : client.query(io.otarelease.core.telemetry.TelemetryMetrics.SIMULATED_SECONDS, Instant.now())) {
                seen = series.samples().isEmpty() ? Double.NaN : series.samples().get(0).value();
            }
            if (Math.abs(seen - want) < 1e-6) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new OtaException.Infrastructure("prometheus did not scrape the fleet at simulated time " + want
                        + " s within " + ceiling.toSeconds() + " s (it holds " + seen + "); see " + log);
            }
            Thread.sleep(100);
        }
    }

    /** Whether the Prometheus at {@code url} answers its readiness probe (also used by the tests' Prometheus). */
    public static boolean ready(URI url) {
        try {
            HttpURLConnection c = (HttpURLConnection) url.resolve("-/ready").toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(500);
            try {
                return c.getResponseCode() == 200;
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
