package io.otarelease.core.fleet;

import io.otarelease.client.device.DeviceConfig;
import io.otarelease.client.device.HttpTransport;
import io.otarelease.client.device.Transport;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.OtaException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N simulated devices ({@link SimulatedDevice}) polling one CDN with the real ota-client code, on a small pool of
 * scheduler threads (Java 17 has no virtual threads; a device spends its time waiting, not running, so 16 threads
 * carry 10,000 devices). Each device has its own install id, cache and state; they share only the HTTP connection
 * pool and the metrics.
 */
public final class FleetSimulator implements AutoCloseable {
    /**
     * @param cdn the server root ({@code ota serve}'s URL); devices read {@code <cdn>/<appId>/...}
     * @param poll how often a device checks the channel pointer
     * @param session how often a device starts an app session (a launch: the moment a staged update is tried)
     */
    public record Settings(URI cdn, String appId, String channel, TrustedKeys trusted, int devices, Duration poll,
                           Duration session, String nativeVersion, Behaviour behaviour, long seed, int threads,
                           Duration readyTimeout) {
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
                    "1.0.0", Behaviour.healthy(), 42, 16, Duration.ofSeconds(10));
        }

        public Settings withIntervals(Duration newPoll, Duration newSession) {
            return new Settings(cdn, appId, channel, trusted, devices, newPoll, newSession, nativeVersion, behaviour, seed,
                    threads, readyTimeout);
        }

        public Settings withBehaviour(Behaviour b) {
            return new Settings(cdn, appId, channel, trusted, devices, poll, session, nativeVersion, b, seed, threads,
                    readyTimeout);
        }
    }

    private final Settings settings;
    private final List<SimulatedDevice> devices = new ArrayList<>();
    private final FleetMetrics metrics = new FleetMetrics(this::activeVersions);
    private final FleetStats stats = new FleetStats();
    private ScheduledExecutorService scheduler;

    public FleetSimulator(Settings settings) {
        this.settings = settings;
    }

    public FleetMetrics metrics() {
        return metrics;
    }

    public FleetStats stats() {
        return stats;
    }

    public int size() {
        return settings.devices();
    }

    /** Creates the devices and starts their schedules. */
    public synchronized FleetSimulator start() {
        if (scheduler != null) {
            throw new IllegalStateException("already started");
        }
        URI base = URI.create(settings.cdn().toString().replaceFirst("/*$", "/") + settings.appId() + "/");
        Transport transport = new HttpTransport(base, Duration.ofSeconds(5), Duration.ofSeconds(15));
        java.util.SplittableRandom seeds = new java.util.SplittableRandom(settings.seed());
        long start = System.nanoTime();
        for (int i = 0; i < settings.devices(); i++) {
            // install ids are random per install in real apps; here reproducible from the seed
            String installId = new UUID(seeds.nextLong(), seeds.nextLong()).toString();
            DeviceConfig cfg = new DeviceConfig(settings.appId(), settings.channel(), installId, settings.nativeVersion(),
                    settings.trusted(), Clock.systemUTC(), settings.readyTimeout());
            devices.add(new SimulatedDevice(cfg, transport, metrics, settings.behaviour(), seeds.nextLong(),
                    settings.poll(), settings.session(), start, stats));
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "ota-fleet-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        scheduler = Executors.newScheduledThreadPool(settings.threads(), tf);
        long tick = Math.max(100, Math.min(1000, Math.min(settings.poll().toMillis(), settings.session().toMillis()) / 4));
        for (int i = 0; i < devices.size(); i++) {
            SimulatedDevice d = devices.get(i);
            scheduler.scheduleWithFixedDelay(() -> d.tick(System.nanoTime()), (i * tick) / devices.size(), tick,
                    TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Devices per running version (what {@code ota_active_version} shows). */
    public Map<String, Integer> activeVersions() {
        Map<String, Integer> m = new TreeMap<>();
        synchronized (this) {
            for (SimulatedDevice d : devices) {
                m.merge(d.running(), 1, Integer::sum);
            }
        }
        return m;
    }

    /** The share (0..1) of devices running {@code version}. */
    public double share(String version) {
        return activeVersions().getOrDefault(version, 0) / (double) settings.devices();
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                scheduler.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
