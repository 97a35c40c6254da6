package io.otarelease.core.fleet;

import io.otarelease.client.device.DeviceConfig;
import io.otarelease.client.device.DeviceEvents;
import io.otarelease.client.device.DeviceState;
import io.otarelease.client.device.Launcher;
import io.otarelease.client.device.MemoryDeviceStorage;
import io.otarelease.client.device.Transport;
import io.otarelease.client.device.UpdateClient;
import io.otarelease.client.device.UpdateResult;
import io.otarelease.client.verify.VerificationException;
import java.io.IOException;
import java.time.Duration;
import java.util.SplittableRandom;

/**
 * One simulated phone running the real device code ({@link UpdateClient}, {@link Launcher}) against a real CDN.
 * Only the app is simulated: each session launches the bundle the launcher picks, its page calls ready with the
 * launch token (unless the version is set to fail to start), then the session crashes, logs a JS error or sees API
 * errors at the rates of its {@link Behaviour}. Time is simulated: {@link #runUntil} runs the device's polls and
 * sessions due up to a simulated moment, in order, each with the device clock set to its own time, so how many happen
 * does not depend on how fast the machine is. Calls for one device never overlap (the fleet runs one at a time).
 */
final class SimulatedDevice implements DeviceEvents {
    /** The label of the bundle shipped inside the app, before any update. */
    static final String BUILT_IN = "built-in";

    private final MemoryDeviceStorage storage = new MemoryDeviceStorage();
    private final UpdateClient client;
    private final Launcher launcher;
    private final FleetMetrics metrics;
    private final Behaviour behaviour;
    private final SplittableRandom random;
    private final long pollNanos;
    private final long sessionNanos;
    private final FleetStats stats;
    private final SimulatedClock clock;
    private long nextPoll;
    private long nextSession;
    private volatile String running = BUILT_IN;

    /** @param clock the clock {@code config} carries, which this device sets to each event's simulated time */
    SimulatedDevice(DeviceConfig config, SimulatedClock clock, Transport transport, FleetMetrics metrics,
                    Behaviour behaviour, long seed, Duration poll, Duration session, FleetStats stats) {
        this.clock = clock;
        this.client = new UpdateClient(config, transport, storage, this);
        this.launcher = new Launcher(config, storage, this);
        this.metrics = metrics;
        this.behaviour = behaviour;
        this.random = new SplittableRandom(seed);
        this.pollNanos = poll.toNanos();
        this.sessionNanos = session.toNanos();
        this.stats = stats;
        // spread the fleet over one interval so polls do not arrive in lock-step
        this.nextPoll = (long) (random.nextDouble() * pollNanos);
        this.nextSession = (long) (random.nextDouble() * sessionNanos);
    }

    String running() {
        return running;
    }

    DeviceState state() {
        return storage.load();
    }

    /** Runs every poll and session due at or before {@code simulatedNanos} (since the fleet's start), in time order. */
    void runUntil(long simulatedNanos) {
        while (Math.min(nextPoll, nextSession) <= simulatedNanos) {
            boolean poll = nextPoll <= nextSession;
            long at = poll ? nextPoll : nextSession;
            clock.set(at);
            try {
                if (poll) {
                    nextPoll = at + jitter(pollNanos);
                    stats.polled(client.check());
                } else {
                    nextSession = at + jitter(sessionNanos);
                    session();
                }
            } catch (IOException | RuntimeException e) {
                stats.error(e);
            }
        }
    }

    private long jitter(long interval) {
        return (long) (interval * (0.9 + 0.2 * random.nextDouble()));
    }

    private void session() throws IOException {
        Launcher.Launch l = launcher.launch();
        String v = l.bundle() == null ? BUILT_IN : l.bundle().version();
        running = v;
        double load = 0.8 + random.nextDouble() * 0.6 + (random.nextDouble() < 0.1 ? random.nextDouble() * 1.5 : 0);
        if (l.trial()) {
            launcher.scriptStarted(l.token());
            if (random.nextDouble() < behaviour.startFailureRate(v)) {
                launcher.launchFailed(l.token(), "simulated: the page threw before calling ready");
                metrics.session(v, true, true, 0, 0, load);
                running = current();
                return;
            }
        }
        launcher.ready(l.token());
        running = current();
        int calls = behaviour.apiCallsPerSession();
        int errors = 0;
        for (int i = 0; i < calls; i++) {
            if (random.nextDouble() < behaviour.apiErrorRate()) {
                errors++;
            }
        }
        metrics.session(v, random.nextDouble() < behaviour.crashRate(v), random.nextDouble() < behaviour.jsErrorRate(),
                calls, errors, load);
    }

    private String current() {
        DeviceState s = storage.load();
        return s.current() == null ? BUILT_IN : s.current().version();
    }

    @Override
    public void refused(String version, VerificationException e) {
        metrics.signatureFailure(version == null ? running : version);
        stats.refused(e);
    }

    @Override
    public void downloaded(String version, boolean success, long bytes, Duration took) {
        metrics.download(version, success, took);
        stats.downloaded(bytes);
    }

    @Override
    public void installed(String version, Duration took) {
        metrics.install(version, took);
    }

    @Override
    public void reverted(DeviceState.Revert revert) {
        stats.reverted(revert);
    }
}
