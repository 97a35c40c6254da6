package io.otarelease.core.testing;

import io.otarelease.core.fleet.LocalPrometheus;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's {@code prometheus}) on 127.0.0.1 with a free port and a temporary storage directory,
 * its history backfilled with {@code promtool tsdb create-blocks-from openmetrics} before it starts (well under a
 * second, where scraping a Pushgateway needs several). Start one per test class.
 */
public final class PrometheusServer implements AutoCloseable {
    private final Process process;
    private final URI url;
    private final Path log;

    private PrometheusServer(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** Whether prometheus and promtool are installed; pass it to {@link RealParts#require}. */
    public static boolean available() {
        return RealParts.onPath("prometheus") && RealParts.onPath("promtool");
    }

    /** Backfills {@code openMetrics} (text ending in {@code # EOF}) into {@code dir}, then starts Prometheus on it. */
    public static PrometheusServer start(Path dir, String openMetrics) throws IOException, InterruptedException {
        Path data = dir.resolve("data.om");
        Path tsdb = dir.resolve("tsdb");
        Files.writeString(data, openMetrics);
        var backfill = Processes.run(List.of("promtool", "tsdb", "create-blocks-from", "openmetrics", data.toString(),
                tsdb.toString()));
        if (backfill.exitCode() != 0) {
            throw new IllegalStateException("promtool backfill failed:\n" + backfill.output());
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 15s\n");
        int port = freePort();
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder("prometheus", "--config.file=" + config, "--storage.tsdb.path=" + tsdb,
                "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.retention.time=30d")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        URI url = URI.create("http://127.0.0.1:" + port + "/");
        PrometheusServer server = new PrometheusServer(p, url, log);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("prometheus exited:\n" + Files.readString(log));
            }
            if (LocalPrometheus.ready(url)) {
                return server;
            }
            Thread.sleep(100);
        }
        server.close();
        throw new IllegalStateException("prometheus not ready after 30 s:\n" + Files.readString(log));
    }

    public URI url() {
        return url;
    }

    public Path log() {
        return log;
    }

    /** A loopback port nothing listens on (for "unreachable" tests). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
