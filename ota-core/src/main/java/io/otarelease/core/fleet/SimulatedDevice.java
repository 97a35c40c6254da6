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
import io.otarelease.core.telemetry.TelemetryBatch;
import io.otarelease.core.telemetry.TelemetryLabels;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One simulated phone running the real device code ({@link UpdateClient}, {@link Launcher}) against a real CDN.
 * Only the app is simulated: each session launches the bundle the launcher picks, its page calls ready with the
 * launch token (unless the version is set to fail to start), then the session crashes, logs a JS error or sees API
 * errors at the rates of its {@link Behaviour}. What happens is reported as an app reports it: {@code ota-telemetry/1}
 * events, which the fleet takes with {@link #takeEvents} and sends to the collector. Time is simulated: {@link #runUntil} runs the device's polls and
 * sessions due up to a simulated moment, in order, each with the device clock set to its own time, so how many happen
 * does not depend on how fast the machine is. Calls for one device never overlap (the fleet runs one at a time).
 */
final class SimulatedDevice implements DeviceEvents {
    /** The label of the bundle shipped inside the app, before any update. */
    static final String BUILT_IN = "built-in";

    private final MemoryDeviceStorage storage = new MemoryDeviceStorage();
    private final UpdateClient client;
    private final Launcher launcher;
    private final DeviceConfig config;
    private final Behaviour behaviour;
    private final SplittableRandom random;
    private final long pollNanos;
    private final long sessionNanos;
    private final FleetStats stats;
    private final SimulatedClock clock;
    private List<TelemetryBatch.Event> events = new ArrayList<>();
    private long nextPoll;
    private long nextSession;
    private volatile String running = BUILT_IN;

    /** @param clock the clock {@code config} carries, which this device sets to each event's simulated time */
    SimulatedDevice(DeviceConfig config, SimulatedClock clock, Transport transport, Behaviour behaviour, long seed,
                    Duration poll, Duration session, FleetStats stats) {
        this.clock = clock;
        this.config = config;
        this.client = new UpdateClient(config, transport, storage, this);
        this.launcher = new Launcher(config, storage, this);
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
                    UpdateResult r = client.check();
                    stats.polled(r);
                    events.add(new TelemetryBatch.UpdateCheck(clock.instant(), label(running), outcome(r.outcome())));
                } else {
                    nextSession = at + jitter(sessionNanos);
                    session();
                }
            } catch (IOException | RuntimeException e) {
                stats.error(e);
            }
        }
    }

    /** The device's clock: the simulated moment of its latest event. */
    java.time.Instant now() {
        return clock.instant();
    }

    DeviceConfig config() {
        return config;
    }

    /** The events since the last call, oldest first (what an app would send in its next batch). */
    List<TelemetryBatch.Event> takeEvents() {
        List<TelemetryBatch.Event> taken = events;
        events = new ArrayList<>();
        return taken;
    }

    /** The telemetry name of a version: the bundle shipped in the binary is {@code embedded}. */
    private static String label(String version) {
        return version.equals(BUILT_IN) ? TelemetryLabels.EMBEDDED : version;
    }

    private static String outcome(UpdateResult.Outcome o) {
        return switch (o) {
            case STAGED -> "ok";
            case UP_TO_DATE, NO_RELEASE, BLOCKED -> "none";
            case REFUSED, DOWNLOAD_REFUSED, FAILED -> "failed";
        };
    }

    private long jitter(long interval) {
        return (long) (interval * (0.9 + 0.2 * random.nextDouble()));
    }

    private void session() throws IOException {
        Launcher.Launch l = launcher.launch();
        String v = l.bundle() == null ? BUILT_IN : l.bundle().version();
        running = v;
        double load = 0.8 + random.nextDouble() * 0.6 + (random.nextDouble() < 0.1 ? random.nextDouble() * 1.5 : 0);
        var at = clock.instant();
        String name = label(v);
        if (l.trial()) {
            launcher.scriptStarted(l.token());
            if (random.nextDouble() < behaviour.startFailureRate(v)) {
                launcher.launchFailed(l.token(), "simulated: the page threw before calling ready");
                events.add(new TelemetryBatch.Session(at, name, true, true, 1, 1));
                running = current();
                return;
            }
        }
        launcher.ready(l.token());
        running = current();
        events.add(new TelemetryBatch.Ready(at, name, load, load * (0.4 + 0.2 * random.nextDouble())));
        for (int i = 0; i < behaviour.apiCallsPerSession(); i++) {
            boolean failed = random.nextDouble() < behaviour.apiErrorRate();
            events.add(new TelemetryBatch.Api(at, name, failed ? 503 : 200, 0.05 + 0.25 * random.nextDouble()));
        }
        boolean jsError = random.nextDouble() < behaviour.jsErrorRate();
        events.add(new TelemetryBatch.Session(at, name, true, random.nextDouble() < behaviour.crashRate(v),
                jsError ? 1 : 0, 0));
    }

    private String current() {
        DeviceState s = storage.load();
        return s.current() == null ? BUILT_IN : s.current().version();
    }

    @Override
    public void refused(String version, VerificationException e) {
        events.add(new TelemetryBatch.Refused(clock.instant(), label(version == null ? running : version),
                e.reason().name().toLowerCase(Locale.ROOT)));
        stats.refused(e);
    }

    @Override
    public void downloaded(String version, boolean success, long bytes, Duration took) {
        events.add(new TelemetryBatch.Download(clock.instant(), label(version), success, bytes, seconds(took)));
        stats.downloaded(bytes);
    }

    @Override
    public void installed(String version, Duration took) {
        events.add(new TelemetryBatch.Install(clock.instant(), label(version), seconds(took)));
    }

    /** Within the contract's 0..3600 s (a simulated clock never measures more, a real one could). */
    private static double seconds(Duration d) {
        return Math.min(3600, Math.max(0, d.toNanos() / 1e9));
    }

    @Override
    public void reverted(DeviceState.Revert revert) {
        stats.reverted(revert);
    }
}
