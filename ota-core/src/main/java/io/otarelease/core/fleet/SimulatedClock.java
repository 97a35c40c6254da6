package io.otarelease.core.fleet;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * One simulated device's clock: the fleet's start instant plus the simulated time of the event the device is
 * running. Devices are advanced one event at a time, so each has its own clock (they run in parallel, each at its own
 * simulated moment); what the device code measures against it (readiness timeouts, pointer expiry) is then
 * independent of how fast the machine runs the simulation.
 */
final class SimulatedClock extends Clock {
    private final Instant epoch;
    private volatile long nanos;

    SimulatedClock(Instant epoch) {
        this.epoch = epoch;
    }

    void set(long simulatedNanos) {
        nanos = simulatedNanos;
    }

    @Override
    public Instant instant() {
        return epoch.plusNanos(nanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a simulated device clock is UTC only");
    }
}
