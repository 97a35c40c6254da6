package io.otarelease.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in options and settings, parsed in one place: a number and a unit
 * ({@code 250ms}, {@code 45s}, {@code 30m}, {@code 12h}, {@code 90d}), units combined ({@code 2h30m}, as the
 * shared library writes them), or ISO-8601 ({@code PT15M}, {@code P1DT12H}). Units are lower case; a day is 24 hours.
 */
public final class Durations {
    /** What an error lists as accepted, so every option says the same. */
    public static final String FORMS = "a number and a unit (250ms, 45s, 30m, 12h, 90d), units combined (2h30m), "
            + "or ISO-8601 (PT15M, P1DT12H)";
    private static final Pattern UNITS = Pattern.compile("(?:[0-9]+(?:ms|[dhms]))+");
    private static final Pattern PART = Pattern.compile("([0-9]+)(ms|[dhms])");

    private Durations() {
    }

    /**
     * The duration in {@code text}; zero is allowed, and so is a negative ISO-8601 duration (callers that need a
     * positive one use {@link #positive}). {@code field} names the option or setting in the error.
     *
     * @throws OtaException.BadInput naming {@code field}, the text and the accepted forms
     */
    public static Duration parse(String text, String field) {
        String s = text == null ? "" : text.strip();
        try {
            if (UNITS.matcher(s).matches()) {
                Duration total = Duration.ZERO;
                Matcher m = PART.matcher(s);
                while (m.find()) {
                    total = total.plus(unit(Long.parseLong(m.group(1)), m.group(2)));
                }
                return total;
            }
            return Duration.parse(s);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new OtaException.BadInput(field + " \"" + text + "\" is not a duration: write " + FORMS);
        }
    }

    /** {@link #parse}, and longer than zero. */
    public static Duration positive(String text, String field) {
        Duration d = parse(text, field);
        if (d.isNegative() || d.isZero()) {
            throw new OtaException.BadInput(field + " must be positive");
        }
        return d;
    }

    private static Duration unit(long n, String unit) {
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
