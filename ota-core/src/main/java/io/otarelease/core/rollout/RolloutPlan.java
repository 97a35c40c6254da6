package io.otarelease.core.rollout;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.Thresholds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A phased rollout: the percents to widen through, how long to let each step run before its canary check, the
 * metrics window the check reads, and how long to keep waiting when a check has too few sessions before giving up
 * (never widening on silence). {@code ota rollout} runs it with {@link RolloutRunner}; the Jenkins shared library runs
 * the same plan with its own durable steps, reading {@link #toJson()}.
 *
 * @param maxWaitForData per step, how long INSUFFICIENT_DATA may repeat before the rollout stops where it is
 */
public record RolloutPlan(List<Integer> steps, Duration checkEvery, String window, Duration maxWaitForData) {
    public static final List<Integer> DEFAULT_STEPS = List.of(5, 25, 50, 100);

    public RolloutPlan {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new OtaException.BadInput("--steps names no percent");
        }
        int last = 0;
        for (int p : steps) {
            if (p < 1 || p > 100) {
                throw new OtaException.BadInput("--steps: " + p + " is not a percent between 1 and 100");
            }
            if (p <= last) {
                throw new OtaException.BadInput("--steps must increase (" + last + " then " + p + "): a rollout never "
                        + "narrows; roll back instead");
            }
            last = p;
        }
        if (checkEvery == null || checkEvery.isNegative() || checkEvery.isZero()) {
            throw new OtaException.BadInput("--check-every must be positive");
        }
        Thresholds.checkWindow(window, "--window");
        if (maxWaitForData == null || maxWaitForData.isNegative()) {
            throw new OtaException.BadInput("--max-wait must be zero or positive");
        }
    }

    /** Parses {@code 5,25,50,100}. */
    public static List<Integer> parseSteps(String s) {
        List<Integer> out = new ArrayList<>();
        for (String part : s.split(",", -1)) {
            try {
                out.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new OtaException.BadInput("--steps \"" + s + "\" must be percents separated by commas, like 5,25,50,100");
            }
        }
        return out;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", "ota-rollout-plan/1");
        m.put("steps", steps.stream().map(p -> (Object) (long) p).toList());
        m.put("checkEvery", checkEvery.toString());
        m.put("window", window);
        m.put("maxWaitForData", maxWaitForData.toString());
        return m;
    }
}
