package io.otarelease.core.rollout;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.release.Percent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A phased rollout: the percents to widen through, how long to let each step run before its canary check, the
 * metrics window the check reads, and how long to keep waiting when a check has too few sessions before giving up
 * (never widening on silence). {@code ota rollout} runs it with {@link RolloutRunner}.
 *
 * <p>The Jenkins shared library runs its plan with its own durable steps and keeps the step rules in Groovy
 * ({@code src/io/otarelease/pipeline/RolloutPlan.groovy}, for Jenkins' Groovy CPS); it does not read this class.
 * {@code RolloutPlanAgreementTest} in pipeline-tests feeds the same step lists to both and holds them to the same
 * answers, with one intended difference: the library also requires the last step to be 100 (its rollout ends with
 * every device), while {@code ota rollout --steps 5,25} may stop at a canary percent on purpose.
 *
 * @param maxWaitForData per step, how long INSUFFICIENT_DATA may repeat before the rollout stops where it is
 */
public record RolloutPlan(List<Percent> steps, Duration checkEvery, String window, Duration maxWaitForData) {
    public static final List<Percent> DEFAULT_STEPS = List.of(new Percent(5), new Percent(25), new Percent(50),
            Percent.ALL);

    public RolloutPlan {
        steps = requireWidening(steps, "--steps");
        if (checkEvery == null || checkEvery.isNegative() || checkEvery.isZero()) {
            throw new OtaException.BadInput("--check-every must be positive");
        }
        Thresholds.checkWindow(window, "--window");
        if (maxWaitForData == null || maxWaitForData.isNegative()) {
            throw new OtaException.BadInput("--max-wait must be zero or positive");
        }
    }

    /** The steps' rule: at least one, each higher than the one before. Returns an unmodifiable copy. */
    private static List<Percent> requireWidening(List<Percent> steps, String field) {
        List<Percent> copy = List.copyOf(steps);
        if (copy.isEmpty()) {
            throw new OtaException.BadInput(field + " names no percent");
        }
        for (int i = 1; i < copy.size(); i++) {
            if (copy.get(i).compareTo(copy.get(i - 1)) <= 0) {
                throw new OtaException.BadInput(field + " must increase (" + copy.get(i - 1) + " then " + copy.get(i)
                        + "): a rollout never narrows; roll back instead");
            }
        }
        return copy;
    }

    /** Parses {@code 5,25,50,100}: whole percents, each checked as {@code --steps}. */
    public static List<Percent> parseSteps(String s) {
        List<Percent> out = new ArrayList<>();
        for (String part : s.split(",", -1)) {
            int p;
            try {
                p = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                throw new OtaException.BadInput("--steps \"" + s + "\" must be percents separated by commas, like 5,25,50,100");
            }
            out.add(Percent.of(p, "--steps"));
        }
        return out;
    }
}
