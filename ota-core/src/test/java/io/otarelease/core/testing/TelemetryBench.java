package io.otarelease.core.testing;

import io.otarelease.core.telemetry.Collector;
import io.otarelease.core.telemetry.CollectorServer;
import io.otarelease.core.telemetry.TelemetryBatch;
import io.otarelease.core.telemetry.TelemetryLabels;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (bench/telemetry-bench.sh, not a test): ingest of 50-event {@code ota-telemetry/1} batches by the
 * collector over HTTP, against the Prometheus pushgateway (Debian {@code prometheus-pushgateway}) taking the same
 * counts as text-format pushes, one per batch, from the same client threads on the same machine. Prints batches/s
 * and memory (the collector's heap after GC and this JVM's RSS; the pushgateway's RSS).
 * Arguments: SECONDS CLIENTS INSTALLS
 */
public final class TelemetryBench {
    private TelemetryBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int installs = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        String[] versions = {"1.4.1", "1.4.2", "1.4.3", "embedded"};
        System.out.printf(Locale.ROOT, "ingest of 50-event batches, %d client threads, %d installs, %d s per run%n",
                clients, installs, seconds);

        Collector collector = new Collector(Collector.Settings.defaults(TelemetryLabels.capped(null, null, null, 20, 10, 50))
                .withRate(1e6, 1_000_000));
        try (CollectorServer server = CollectorServer.start(collector, InetAddress.getLoopbackAddress(), 0, 8)) {
            long heapBefore = heapAfterGc();
            Result r = run(seconds, clients, (i, random) -> {
                TelemetryBatch b = batch(i, installs, versions, random);
                return HttpRequest.newBuilder(server.ingestUrl()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(b.toJson())).build();
            }, 202);
            long heapAfter = heapAfterGc();
            System.out.printf(Locale.ROOT, "collector:   %,d batches in %.1f s = %,.0f batches/s (%,.0f events/s), %d refused;"
                            + " heap after GC %d MB (+%d MB for %,d remembered batch ids), this JVM's RSS %d MB%n",
                    r.ok, r.seconds, r.ok / r.seconds, 50 * r.ok / r.seconds, r.failed, heapAfter >> 20,
                    (heapAfter - heapBefore) >> 20, r.ok, rssKb("self") >> 10);
            int bytes = collector.metrics().render().length;
            System.out.printf(Locale.ROOT, "collector:   /metrics exposition %,d bytes%n", bytes);
        }

        Path gateway = Path.of("/usr/bin/prometheus-pushgateway");
        if (!Files.isExecutable(gateway)) {
            System.out.println("pushgateway: not installed (apt-get install prometheus-pushgateway); peer skipped");
            return;
        }
        int port = PrometheusServer.freePort();
        Process p = new ProcessBuilder(gateway.toString(), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            URI base = URI.create("http://127.0.0.1:" + port + "/");
            awaitUp(base);
            Result r = run(seconds, clients, (i, random) -> {
                TelemetryBatch b = batch(i, installs, versions, random);
                // the same counts, as a device would push them; grouped by install modulo 100 to bound its groups
                return HttpRequest.newBuilder(base.resolve("metrics/job/ota/instance/i" + (i % 100)))
                        .header("Content-Type", "text/plain; version=0.0.4")
                        .POST(HttpRequest.BodyPublishers.ofString(text(b))).build();
            }, 200);
            System.out.printf(Locale.ROOT, "pushgateway: %,d pushes in %.1f s = %,.0f pushes/s, %d refused; its RSS %d MB%n",
                    r.ok, r.seconds, r.ok / r.seconds, r.failed, rssKb(Long.toString(p.pid())) >> 10);
        } finally {
            p.destroy();
        }
    }

    interface Requests {
        HttpRequest make(long i, SplittableRandom random);
    }

    record Result(long ok, long failed, double seconds) {
    }

    static Result run(int seconds, int clients, Requests requests, int expected) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong next = new AtomicLong();
        AtomicInteger warm = new AtomicInteger(); // requests of the first second: JIT warm-up, not counted
        long warmUntil = System.nanoTime() + 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        long end = warmUntil + seconds * 1_000_000_000L;
        for (int t = 0; t < clients; t++) {
            SplittableRandom random = new SplittableRandom(t);
            Thread th = new Thread(() -> {
                while (System.nanoTime() < end) {
                    boolean counting = System.nanoTime() >= warmUntil;
                    try {
                        int status = http.send(requests.make(next.getAndIncrement(), random),
                                HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (!counting) {
                            warm.incrementAndGet();
                        } else if (status == expected) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join();
        }
        return new Result(ok.get(), failed.get(), seconds);
    }

    /** 50 events: 5 sessions, each with ready, 8 API calls and an update check. */
    static TelemetryBatch batch(long i, int installs, String[] versions, SplittableRandom random) {
        Instant at = Instant.parse("2026-12-06T10:00:00Z").plusSeconds(i % 86_400);
        String v = versions[random.nextInt(versions.length)];
        List<TelemetryBatch.Event> events = new ArrayList<>(50);
        for (int s = 0; s < 5; s++) {
            events.add(new TelemetryBatch.Session(at, v, true, random.nextDouble() < 0.01, random.nextDouble() < 0.02 ? 1 : 0, 0));
            events.add(new TelemetryBatch.Ready(at, v, 0.8 + random.nextDouble(), 0.4 + random.nextDouble() / 2));
            for (int a = 0; a < 7; a++) {
                events.add(new TelemetryBatch.Api(at, v, random.nextDouble() < 0.01 ? 503 : 200, 0.05 + random.nextDouble() / 4));
            }
            events.add(new TelemetryBatch.UpdateCheck(at, v, "none"));
        }
        byte[] id = new byte[16];
        random.nextBytes(id);
        return new TelemetryBatch(HexFormat.of().formatHex(id), String.format("install-%016d", i % installs),
                "com.example.shop", "production", "android", "4.2.0", at, events);
    }

    /** The batch's counts in the Prometheus text format, as a device pushing to a pushgateway would send them. */
    static String text(TelemetryBatch b) {
        long sessions = 0;
        long crashed = 0;
        long js = 0;
        long api = 0;
        long apiErrors = 0;
        long checks = 0;
        double loadSum = 0;
        double apiSum = 0;
        for (TelemetryBatch.Event e : b.events()) {
            if (e instanceof TelemetryBatch.Session s) {
                sessions++;
                crashed += s.crashed() ? 1 : 0;
                js += s.jsErrors() > 0 ? 1 : 0;
            } else if (e instanceof TelemetryBatch.Ready r) {
                loadSum += r.ttiSeconds();
            } else if (e instanceof TelemetryBatch.Api a) {
                api++;
                apiErrors += a.failed() ? 1 : 0;
                apiSum += a.seconds();
            } else {
                checks++;
            }
        }
        String l = "{app=\"" + b.app() + "\",channel=\"" + b.channel() + "\",version=\"" + b.events().get(0).version() + "\"}";
        StringBuilder s = new StringBuilder();
        s.append("# TYPE ota_sessions_total counter\nota_sessions_total").append(l).append(' ').append(sessions).append('\n');
        s.append("# TYPE ota_crashed_sessions_total counter\nota_crashed_sessions_total").append(l).append(' ').append(crashed).append('\n');
        s.append("# TYPE ota_js_error_sessions_total counter\nota_js_error_sessions_total").append(l).append(' ').append(js).append('\n');
        s.append("# TYPE ota_api_requests_total counter\nota_api_requests_total").append(l).append(' ').append(api).append('\n');
        s.append("# TYPE ota_api_errors_total counter\nota_api_errors_total").append(l).append(' ').append(apiErrors).append('\n');
        s.append("# TYPE ota_update_checks_total counter\nota_update_checks_total").append(l).append(' ').append(checks).append('\n');
        s.append("# TYPE ota_load_duration_seconds summary\nota_load_duration_seconds_sum").append(l).append(' ').append(loadSum)
                .append("\nota_load_duration_seconds_count").append(l).append(' ').append(sessions).append('\n');
        s.append("# TYPE ota_api_duration_seconds summary\nota_api_duration_seconds_sum").append(l).append(' ').append(apiSum)
                .append("\nota_api_duration_seconds_count").append(l).append(' ').append(api).append('\n');
        return s.toString();
    }

    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    static long rssKb(String pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    static void awaitUp(URI base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 100; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the pushgateway did not start on " + base);
    }
}
