package io.otarelease.pipeline

import com.cloudbees.groovy.cps.NonCPS

/**
 * The phased rollout: production percentages in increasing order, ending at 100 (the seed's 5 → 25 → 50 → 100
 * by default). A canary window runs after every step but the last, so each widening is earned by a passing window.
 * The steps follow the engine's rules ({@code io.otarelease.core.rollout.RolloutPlan} and
 * {@code io.otarelease.core.release.Percent}: whole percents from 1 to 100, each higher than the one before);
 * RolloutPlanAgreementTest holds the two to the same answers. The library keeps its own copy because it runs on
 * Jenkins' Groovy and links against none of the engine; unlike {@code ota rollout}, it also requires the last step
 * to be 100.
 */
class RolloutPlan implements Serializable {

    private static final long serialVersionUID = 1L
    static final List<Integer> DEFAULT_STEPS = [5, 25, 50, 100].asImmutable()

    private final List<Integer> percents

    private RolloutPlan(List<Integer> percents) {
        this.percents = percents
    }

    /** A validated plan; {@code key} names the configuration key in errors. */
    @NonCPS
    static RolloutPlan of(String key, Object value) {
        if (!(value instanceof List) || ((List) value).isEmpty()) {
            throw new IllegalArgumentException(
                    "'${key}' must be a non-empty list of percentages such as [5, 25, 50, 100], got ${value}".toString())
        }
        List<Integer> out = []
        int previous = 0
        for (Object o : (List) value) {
            if (!(o instanceof Integer)) {
                throw new IllegalArgumentException("'${key}' must hold whole percentages, got '${o}'".toString())
            }
            int p = (Integer) o
            if (p < 1 || p > 100) {
                throw new IllegalArgumentException("'${key}': ${p} is not a percentage between 1 and 100".toString())
            }
            if (p <= previous) {
                throw new IllegalArgumentException("'${key}' must increase step by step, but ${p} follows ${previous}".toString())
            }
            out << p
            previous = p
        }
        if (previous != 100) {
            throw new IllegalArgumentException("'${key}' must end at 100 so the release reaches everyone, ends at ${previous}".toString())
        }
        return new RolloutPlan(out)
    }

    List<Integer> getSteps() {
        return new ArrayList<Integer>(percents)
    }

    int size() {
        return percents.size()
    }

    int percentAt(int index) {
        return percents[index]
    }

    /** Whether a canary window must pass after step {@code index} before the next one. */
    boolean needsCanaryAfter(int index) {
        return index < percents.size() - 1
    }

    @NonCPS
    @Override
    String toString() {
        return percents.collect { "${it}%" }.join(' → ')
    }
}
