package io.otarelease.core.fleet;

import io.otarelease.client.device.DeviceState;
import io.otarelease.client.device.UpdateResult;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Fleet-wide tallies for the summary a person reads (Prometheus gets the collector's metrics). Thread-safe. */
public final class FleetStats {
    private final Map<UpdateResult.Outcome, LongAdder> polls = new ConcurrentHashMap<>();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder reverts = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicReference<String> lastProblem = new AtomicReference<>();

    void polled(UpdateResult r) {
        polls.computeIfAbsent(r.outcome(), o -> new LongAdder()).increment();
        if (r.outcome() == UpdateResult.Outcome.FAILED || r.outcome() == UpdateResult.Outcome.REFUSED) {
            lastProblem.set(r.outcome() + ": " + r.detail());
        }
    }

    void downloaded(long b) {
        bytes.add(b);
    }

    void reverted(DeviceState.Revert r) {
        reverts.increment();
        lastProblem.set("revert of " + r.version() + ": " + r.reason());
    }

    void refused(Exception e) {
        lastProblem.set("refused: " + e.getMessage());
    }

    void error(Exception e) {
        errors.increment();
        lastProblem.set("device error: " + e);
    }

    public Map<String, Long> polls() {
        Map<String, Long> m = new TreeMap<>();
        polls.forEach((k, v) -> m.put(k.name(), v.sum()));
        return m;
    }

    public long bytesDownloaded() {
        return bytes.sum();
    }

    public long reverts() {
        return reverts.sum();
    }

    public long errors() {
        return errors.sum();
    }

    /** The latest failure, refusal or revert, for a person to look at (null when none). */
    public String lastProblem() {
        return lastProblem.get();
    }
}
