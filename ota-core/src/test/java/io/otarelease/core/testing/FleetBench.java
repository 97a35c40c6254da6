package io.otarelease.core.testing;

import io.otarelease.client.device.DeviceConfig;
import io.otarelease.client.device.DeviceEvents;
import io.otarelease.client.device.HttpTransport;
import io.otarelease.client.device.MemoryDeviceStorage;
import io.otarelease.client.device.UpdateClient;
import io.otarelease.client.device.UpdateResult;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.core.fleet.FleetSimulator;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.release.Rollback;
import io.otarelease.core.release.Stager;
import io.otarelease.core.serve.StoreServer;
import io.otarelease.core.store.FileStore;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Benchmark (bench/fleet-bench.sh, not a test). Two measurements with the real device code over real HTTP:
 * <ol>
 * <li>convergence after a rollback: a fleet runs 1.1.0 everywhere, the engine rolls the channel back to 1.0.0, and
 * the simulated time until 50/95/99% of devices run 1.0.0 again is measured for several poll intervals (the
 * protocol's latency; the wall time the machine needed to run it goes to standard error);</li>
 * <li>delta: the bytes one device downloads for an update changing 3 files of a 300-file bundle, against the bytes
 * of its first, full install.</li>
 * </ol>
 * Arguments: DEVICES SESSION_MS POLL_MS... (e.g. 2000 1000 1000 2000 5000 10000)
 */
public final class FleetBench {
    private FleetBench() {
    }

    public static void main(String[] a) throws Exception {
        System.setProperty("http.maxConnections", "64");
        int devices = Integer.parseInt(a[0]);
        Duration session = Duration.ofMillis(Long.parseLong(a[1]));
        delta();
        System.out.println("| poll interval | session interval | devices | 50% back | 95% back | 99% back | 95% / poll |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (int i = 2; i < a.length; i++) {
            convergence(devices, Duration.ofMillis(Long.parseLong(a[i])), session);
        }
    }

    static void convergence(int devices, Duration poll, Duration session) throws Exception {
        Path dir = Files.createTempDirectory("fleet-bench-");
        ReleaseFixture fx = new ReleaseFixture(dir);
        FileStore staging = new FileStore(dir.resolve("staging"));
        FileStore production = new FileStore(dir.resolve("production"));
        ReleaseContext ctx = fx.context(production);
        for (String v : new String[] {"1.0.0", "1.1.0"}) {
            new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock)
                    .stage(fx.bundle(v, ReleaseFixture.files(20, v, 3)));
            new Promoter(ctx).promote(staging, v, new Percent(100));
        }
        try (StoreServer cdn = StoreServer.start(production, InetAddress.getLoopbackAddress(), 0, 0, 16);
             FleetSimulator fleet = new FleetSimulator(FleetSimulator.Settings.of(cdn.url(), ReleaseFixture.APP,
                     fx.trusted, devices).withIntervals(poll, session))) {
            waitFor(fleet, "1.1.0", 1.0);
            fleet.advance(poll); // every device has polled the current pointer at least once more
            long start = System.nanoTime();
            new Rollback(ctx).rollback(Rollback.PREVIOUS, "benchmark");
            double t50 = waitFor(fleet, "1.0.0", 0.50);
            double t95 = t50 + waitFor(fleet, "1.0.0", 0.95);
            double t99 = t95 + waitFor(fleet, "1.0.0", 0.99);
            System.err.printf("(simulated %.1f s took %.1f s of wall time)%n", t99 / 1e9, (System.nanoTime() - start) / 1e9);
            System.out.printf("| %.1f s | %.1f s | %,d | %.1f s | %.1f s | %.1f s | %.2f |%n", poll.toMillis() / 1000.0,
                    session.toMillis() / 1000.0, devices, t50 / 1e9, t95 / 1e9, t99 / 1e9, t95 / 1e9 / (poll.toMillis() / 1000.0));
        }
    }

    /** Simulated nanoseconds until {@code share} of the fleet runs {@code version} (100 ms steps). */
    static long waitFor(FleetSimulator fleet, String version, double share) throws InterruptedException {
        return fleet.advanceUntil(() -> fleet.share(version) >= share, Duration.ofMillis(100), Duration.ofMinutes(5),
                share + " on " + version).toNanos();
    }

    /** A 300-file bundle of 0.5–40 KiB files (seeded), then the same with 3 files changed. */
    static void delta() throws Exception {
        Path dir = Files.createTempDirectory("delta-bench-");
        ReleaseFixture fx = new ReleaseFixture(dir);
        FileStore staging = new FileStore(dir.resolve("staging"));
        FileStore production = new FileStore(dir.resolve("production"));
        ReleaseContext ctx = fx.context(production);
        SplittableRandom r = new SplittableRandom(7);
        Map<String, String> files = new TreeMap<>();
        for (int i = 0; i < 300; i++) {
            StringBuilder b = new StringBuilder();
            int size = 512 + r.nextInt(40 * 1024);
            while (b.length() < size) {
                b.append("function f").append(r.nextInt()).append("(){return ").append(r.nextLong()).append(";}\n");
            }
            files.put((i % 3 == 0 ? "js/" : i % 3 == 1 ? "css/" : "img/") + "file" + i + ".txt", b.toString());
        }
        Map<String, String> next = new TreeMap<>(files);
        next.put("js/file0.txt", files.get("js/file0.txt") + "// changed\n");
        next.put("css/file1.txt", files.get("css/file1.txt") + "/* changed */\n");
        next.put("img/file2.txt", files.get("img/file2.txt") + "changed\n");
        Manifest full = release(fx, staging, ctx, "1.0.0", files);
        try (StoreServer cdn = StoreServer.start(production, InetAddress.getLoopbackAddress(), 0, 0, 4)) {
            UpdateClient device = new UpdateClient(new DeviceConfig(ReleaseFixture.APP, "production", "bench-device",
                    "1.0.0", fx.trusted, Clock.systemUTC(), Duration.ofSeconds(10)),
                    new HttpTransport(cdn.url().resolve(ReleaseFixture.APP + "/"), Duration.ofSeconds(5), Duration.ofSeconds(30)),
                    new MemoryDeviceStorage(), DeviceEvents.NONE);
            long s0 = cdn.bytesServed();
            UpdateResult first = device.check();
            long served1 = cdn.bytesServed() - s0;
            release(fx, staging, ctx, "1.1.0", next);
            long s1 = cdn.bytesServed();
            UpdateResult update = device.check();
            long served2 = cdn.bytesServed() - s1;
            System.out.println("| download | files fetched | bytes (device count) | bytes served (incl. pointer) |");
            System.out.println("|---|---:|---:|---:|");
            System.out.printf("| first install of 1.0.0 (%d files, %,d bytes of content) | %d | %,d | %,d |%n",
                    full.files().size(), full.totalBytes(), first.blobsDownloaded(), first.bytesDownloaded(), served1);
            System.out.printf("| update to 1.1.0 (3 files changed) | %d | %,d | %,d |%n", update.blobsDownloaded(),
                    update.bytesDownloaded(), served2);
            System.out.printf("delta ratio: the update downloads %.2f%% of a full install (%.0fx less)%n%n",
                    100.0 * update.bytesDownloaded() / first.bytesDownloaded(),
                    (double) first.bytesDownloaded() / update.bytesDownloaded());
        }
    }

    static Manifest release(ReleaseFixture fx, FileStore staging, ReleaseContext ctx, String v, Map<String, String> files)
            throws Exception {
        Path b = fx.bundle(v, files);
        new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock).stage(b);
        new Promoter(ctx).promote(staging, v, new Percent(100));
        return Manifest.parse(Files.readAllBytes(b.resolve("manifest.json")));
    }
}
