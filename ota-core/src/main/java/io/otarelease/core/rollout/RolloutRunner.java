package io.otarelease.core.rollout;

import io.otarelease.core.canary.CanaryCheck;
import io.otarelease.core.canary.RollbackHook;
import io.otarelease.core.canary.Verdict;
import io.otarelease.core.release.Percent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives a {@link RolloutPlan}: for each step, widen the rollout, let it run for {@code checkEvery}, then ask the
 * canary. PASS moves to the next step (after the last one the rollout is complete); FAIL rolls back through
 * {@link RollbackHook} and stops; INSUFFICIENT_DATA waits another {@code checkEvery} until {@code maxWaitForData} is
 * used up, then stops where it is — it never widens on silence. A metrics failure
 * ({@link io.otarelease.core.OtaException.Infrastructure}) propagates: the rollout stops unchanged, neither widened
 * nor rolled back, for a person to look at.
 */
public final class RolloutRunner {
    /** Moves the channel to a percent of the version (the engine's promotion). Returns a line for the timeline. */
    @FunctionalInterface
    public interface Widen {
        String widen(String version, Percent percent);
    }

    /** Waits; tests pass one that returns at once. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** Hears each step as it happens (the CLI prints a timeline). */
    @FunctionalInterface
    public interface Listener {
        void event(String line);
    }

    public enum Outcome {
        /** Every step passed: the version is at the plan's last percent. */
        COMPLETED(0),
        /** A canary failed and the channel was rolled back. */
        ROLLED_BACK(1),
        /** A canary failed and the rollback failed too: act now. */
        ROLLBACK_FAILED(3),
        /** Too few sessions for too long: stopped at the current percent, not widened. */
        HALTED_NO_DATA(4);

        private final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /** @param percent where the rollout stopped; {@code verdicts} every check in order */
    public record Result(Outcome outcome, Percent percent, List<Verdict> verdicts) {
        public Verdict last() {
            return verdicts.isEmpty() ? null : verdicts.get(verdicts.size() - 1);
        }
    }

    private final Widen widen;
    private final CanaryCheck canary;
    private final RollbackHook rollback;
    private final Sleeper sleeper;
    private final Listener listener;

    public RolloutRunner(Widen widen, CanaryCheck canary, RollbackHook rollback, Sleeper sleeper, Listener listener) {
        this.widen = widen;
        this.canary = canary;
        this.rollback = rollback;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    /**
     * Runs the plan for {@code version}; {@code baselineVersion} (may be null) is what the canary compares with.
     */
    public Result run(RolloutPlan plan, String version, String baselineVersion, long minSessions)
            throws InterruptedException {
        CanaryCheck.Request request = new CanaryCheck.Request(version, baselineVersion, plan.window(), minSessions);
        List<Verdict> verdicts = new ArrayList<>();
        for (Percent percent : plan.steps()) {
            listener.event(widen.widen(version, percent));
            Duration waited = Duration.ZERO;
            while (true) {
                listener.event("waiting " + human(plan.checkEvery()) + " before the canary check at " + percent + "%");
                sleeper.sleep(plan.checkEvery());
                waited = waited.plus(plan.checkEvery());
                Verdict v = canary.checkAndRollBack(request, rollback);
                verdicts.add(v);
                v.summary().forEach(l -> listener.event(l));
                if (v.outcome() == Verdict.Outcome.PASS) {
                    break;
                }
                if (v.outcome() == Verdict.Outcome.FAIL) {
                    boolean rolledBack = v.rollback() != null && v.rollback().performed();
                    return new Result(rolledBack ? Outcome.ROLLED_BACK : Outcome.ROLLBACK_FAILED, percent, verdicts);
                }
                if (waited.compareTo(plan.maxWaitForData()) >= 0) {
                    listener.event("still too few sessions after " + human(waited) + " at " + percent
                            + "%: stopping here without widening");
                    return new Result(Outcome.HALTED_NO_DATA, percent, verdicts);
                }
            }
        }
        Percent last = plan.steps().get(plan.steps().size() - 1);
        listener.event("rollout of " + version + " complete at " + last + "%");
        return new Result(Outcome.COMPLETED, last, verdicts);
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s % 3600 == 0 && s >= 3600) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0 && s >= 60) {
            return s / 60 + "m";
        }
        return d.toMillis() % 1000 == 0 ? s + "s" : d.toMillis() + "ms";
    }
}
