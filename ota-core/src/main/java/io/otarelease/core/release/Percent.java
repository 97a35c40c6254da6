package io.otarelease.core.release;

import io.otarelease.core.OtaException;

/**
 * The share of a channel's installs a release is served to: a whole number from 1 to 100, checked once where the
 * value enters (an option, a step parameter, a plan) so everything after it takes the checked type. Zero is not a
 * rollout percent: a release served to nobody is not released (roll back instead).
 *
 * <p>The device client's {@code ChannelPointer} checks 0 to 100 itself while it parses a document it does not trust;
 * that is the reader's rule, not this one. The shared library's {@code RolloutPlan.groovy} keeps this rule in Groovy;
 * {@code RolloutPlanAgreementTest} in pipeline-tests holds the two to the same answers.
 */
public record Percent(int value) implements Comparable<Percent> {
    public static final int MIN = 1;
    public static final int MAX = 100;
    /** Every install of the channel. */
    public static final Percent ALL = new Percent(MAX);

    /** A percent written in code; a value from a user goes through {@link #of} so the error names its field. */
    public Percent {
        require(value, "percent");
    }

    /** @param field the option or field the value came from ({@code --percent}, {@code percent}), named in the error */
    public static Percent of(int value, String field) {
        require(value, field);
        return new Percent(value);
    }

    /** A percent written as text ({@code "25"}); anything but a whole number is refused naming {@code field}. */
    public static Percent parse(String text, String field) {
        String t = text == null ? "" : text.trim();
        int value;
        try {
            value = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new OtaException.BadInput(field + " must be a whole number between " + MIN + " and " + MAX
                    + ", not \"" + t + "\"");
        }
        return of(value, field);
    }

    private static void require(int value, String field) {
        if (value < MIN || value > MAX) {
            throw new OtaException.BadInput(field + " must be between " + MIN + " and " + MAX + " (" + value
                    + " is not a percent a rollout can serve)");
        }
    }

    public boolean isAll() {
        return value == MAX;
    }

    @Override
    public int compareTo(Percent o) {
        return Integer.compare(value, o.value);
    }

    /** The number alone ({@code 25}): messages write {@code " at " + percent + "%"}. */
    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
