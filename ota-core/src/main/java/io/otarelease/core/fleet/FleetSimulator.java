package io.otarelease.core.fleet;

import io.otarelease.client.device.DeviceConfig;
import io.otarelease.client.device.HttpTransport;
import io.otarelease.client.device.Transport;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.OtaException;
import io.otarelease.core.telemetry.Collector;
import io.otarelease.core.telemetry.CollectorServer;
import io.otarelease.core.telemetry.TelemetryLabels;
import io.otarelease.core.telemetry.TelemetryMetrics;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * N simulated devices ({@link SimulatedDevice}) polling one CDN with the real ota-client code. Time is simulated:
 * nothing happens until {@link #advance} runs every poll and session due in the next stretch of simulated time (on a
 * pool of threads, each device's events in order), so a test or the demo gets the same number of sessions, polls and
 * crashes however busy the machine is. {@link #advanceInRealTime} keeps the simulated clock to the wall clock for
 * {@code ota fleet simulate}: when the machine cannot keep up it falls behind, and never skips a device's events.
 * Each device has its own install id, cache, state and clock; they share only the HTTP connection pool.
 *
 * <p>Devices report as apps do: after each device's stretch of a step, its events go as {@code ota-telemetry/1}
 * batches over HTTP to a collector, the fleet's own ({@link #collector()}, on simulated time, serving
 * {@code /metrics}) or the one {@link Settings#telemetry()} names. A step returns when every batch was accepted, so
 * the collector's counts are complete up to the fleet's simulated time ({@value TelemetryMetrics#SIMULATED_SECONDS}).
 */
public final class FleetSimulator implements AutoCloseable {
    /**
     * @param cdn the server root ({@code ota serve}'s URL); devices read {@code <cdn>/<appId>/...}
     * @param poll how often a device checks the channel pointer
     * @param session how often a device starts an app session (a launch: the moment a staged update is tried)
     * @param telemetry a collector's {@code /v1/telemetry} URL; null runs the fleet's own on 127.0.0.1:metricsPort
     * @param metricsPort the port of the fleet's own collector (0: any free one)
     */
    public record Settings(URI cdn, String appId, String channel, TrustedKeys trusted, int devices, Duration poll,
                           Duration session, String nativeVersion, Behaviour behaviour, long seed, int threads,
                           Duration readyTimeout, URI telemetry, int metricsPort) {
        public Settings {
            if (devices < 1 || devices > 200_000) {
                throw new OtaException.BadInput("--devices must be between 1 and 200000 but is " + devices);
            }
            if (poll.toMillis() < 100 || session.toMillis() < 100) {
                throw new OtaException.BadInput("--poll-interval and --session-interval must be at least 100 ms");
            }
            if (threads < 1 || threads > 512) {
                throw new OtaException.BadInput("--threads must be between 1 and 512");
            }
        }

        public static Settings of(URI cdn, String appId, TrustedKeys trusted, int devices) {
            return new Settings(cdn, appId, "production", trusted, devices, Duration.ofSeconds(10), Duration.ofSeconds(5),
                    "1.0.0", Behaviour.healthy(), 42, 16, Duration.ofSeconds(10), null, 0);
        }

        public Settings withIntervals(Duration newPoll, Duration newSession) {
            return new Settings(cdn, appId, channel, trusted, devices, newPoll, newSession, nativeVersion, behaviour, seed,
                    threads, readyTimeout, telemetry, metricsPort);
        }

        public Settings withBehaviour(Behaviour b) {
            return new Settings(cdn, appId, channel, trusted, devices, poll, session, nativeVersion, b, seed, threads,
                    readyTimeout, telemetry, metricsPort);
        }

        /** Sends the fleet's batches to this collector instead of running its own. */
        public Settings withTelemetry(URI collector) {
            return new Settings(cdn, appId, channel, trusted, devices, poll, session, nativeVersion, behaviour, seed,
                    threads, readyTimeout, collector, metricsPort);
        }
    }

    private final Settings settings;
    private final List<SimulatedDevice> devices = new ArrayList<>();
    private final CollectorServer collector;
    private final TelemetrySender sender;
    private final FleetStats stats = new FleetStats();
    private final ExecutorService pool;
    private volatile long simulatedNanos;

    /** Creates the devices, each with its first poll and session spread over one interval; none has run yet. */
    public FleetSimulator(Settings settings) {
        this.settings = settings;
        this.collector = settings.telemetry() != null ? null : ownCollector(settings.metricsPort());
        this.sender = new TelemetrySender(settings.telemetry() != null ? settings.telemetry() : collector.ingestUrl(),
                stats);
        URI base = URI.create(settings.cdn().toString().replaceFirst("/*$", "/") + settings.appId() + "/");
        Transport transport = new HttpTransport(base, Duration.ofSeconds(5), Duration.ofSeconds(15));
        SplittableRandom seeds = new SplittableRandom(settings.seed());
        Instant epoch = Instant.now();
        for (int i = 0; i < settings.devices(); i++) {
            // install ids are random per install in real apps; here reproducible from the seed
            String installId = new UUID(seeds.nextLong(), seeds.nextLong()).toString();
            SimulatedClock clock = new SimulatedClock(epoch);
            DeviceConfig cfg = new DeviceConfig(settings.appId(), settings.channel(), installId, settings.nativeVersion(),
                    settings.trusted(), clock, settings.readyTimeout());
            devices.add(new SimulatedDevice(cfg, clock, transport, settings.behaviour(), seeds.nextLong(),
                    settings.poll(), settings.session(), stats));
        }
        AtomicInteger n = new AtomicInteger();
        pool = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "ota-fleet-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The fleet's own collector on simulated time: generous rate limits (a device sends once per step), installs
     * active for ten simulated minutes, the first 100 versions seen by name.
     */
    private CollectorServer ownCollector(int port) {
        Collector c = new Collector(Collector.Settings.defaults(TelemetryLabels.capped(null, null, null, 20, 10, 100))
                .withRate(50, 100).withActiveTtl(Duration.ofMinutes(10)).withClock(() -> simulatedNanos));
        c.metrics().simulatedSeconds(() -> simulatedNanos / 1e9);
        return CollectorServer.start(c, InetAddress.getLoopbackAddress(), port, 8);
    }

    /** The fleet's own collector ({@code /metrics} for Prometheus); null when it sends to another one. */
    public CollectorServer collector() {
        return collector;
    }

    /** The fleet's own collector's metrics. */
    public TelemetryMetrics metrics() {
        if (collector == null) {
            throw new IllegalStateException("this fleet sends to " + settings.telemetry() + "; read its metrics there");
        }
        return collector.collector().metrics();
    }

    public FleetStats stats() {
        return stats;
    }

    public int size() {
        return settings.devices();
    }

    /** Simulated time since the fleet was created. */
    public Duration now() {
        return Duration.ofNanos(simulatedNanos);
    }

    /**
     * Runs every device's polls and sessions due in the next {@code d} of simulated time, as fast as the machine
     * allows, and returns when all have run. Devices are independent, so they run in parallel, each in time order.
     */
    public synchronized FleetSimulator advance(Duration d) throws InterruptedException {
        long target = simulatedNanos + d.toNanos();
        int slices = Math.min(devices.size(), settings.threads() * 4);
        List<Callable<Void>> work = new ArrayList<>(slices);
        for (int s = 0; s < slices; s++) {
            List<SimulatedDevice> slice = devices.subList(s * devices.size() / slices, (s + 1) * devices.size() / slices);
            work.add(() -> {
                for (SimulatedDevice device : slice) {
                    device.runUntil(target);
                    sender.send(device.config(), device.takeEvents(), device.now());
                }
                return null;
            });
        }
        for (Future<Void> f : pool.invokeAll(work)) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a simulated device failed: " + e.getCause(), e.getCause());
            }
        }
        simulatedNanos = target; // after every device has run: the metrics' clock never runs ahead of their counts
        return this;
    }

    /**
     * Advances in {@code step}s until {@code done} holds, for at most {@code ceiling} of simulated time. Returns the
     * simulated time it took; throws {@link OtaException.Infrastructure} naming the fleet's state past the ceiling.
     */
    public Duration advanceUntil(BooleanSupplier done, Duration step, Duration ceiling, String what)
            throws InterruptedException {
        long start = simulatedNanos;
        while (!done.getAsBoolean()) {
            if (simulatedNanos - start >= ceiling.toNanos()) {
                throw new OtaException.Infrastructure("the fleet did not reach " + what + " within " + ceiling.toSeconds()
                        + " s of simulated time: " + activeVersions() + (stats.lastProblem() == null ? ""
                        : "; last problem: " + stats.lastProblem()));
            }
            advance(step);
        }
        return Duration.ofNanos(simulatedNanos - start);
    }

    /**
     * Advances {@code d} of simulated time in small steps, each no earlier than its moment on the wall clock: real
     * time while the machine keeps up, behind it (never skipping events) when it does not.
     */
    public void advanceInRealTime(Duration d) throws InterruptedException {
        long step = Math.max(100, Math.min(1000, Math.min(settings.poll().toMillis(), settings.session().toMillis()) / 4))
                * 1_000_000L;
        long start = System.nanoTime();
        for (long done = 0; done < d.toNanos(); ) {
            long next = Math.min(d.toNanos(), done + step);
            long wait = start + next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            advance(Duration.ofNanos(next - done));
            done = next;
        }
    }

    /** Devices per running version (what {@code ota_active_version} shows). */
    public Map<String, Integer> activeVersions() {
        Map<String, Integer> m = new TreeMap<>();
        for (SimulatedDevice d : devices) {
            m.merge(d.running(), 1, Integer::sum);
        }
        return m;
    }

    /** The share (0..1) of devices running {@code version}. */
    public double share(String version) {
        return activeVersions().getOrDefault(version, 0) / (double) settings.devices();
    }

    @Override
    public void close() {
        if (collector != null) {
            collector.close();
        }
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
