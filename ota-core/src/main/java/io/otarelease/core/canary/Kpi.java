package io.otarelease.core.canary;

/**
 * One key performance indicator of a canary: how to read it from each kind of metric source and when it is
 * breached. Levels are in the KPI's unit (percent points, seconds or a count).
 *
 * @param name       the key in the thresholds file and the verdict ({@code crash_free_sessions})
 * @param prometheus a PromQL template with {@code $version} and {@code $window}
 * @param json       the path of a JSON monitoring API endpoint ({@code crash-free-sessions})
 */
public record Kpi(String name, String title, String unit, Breach breachWhen, double warning, double critical,
                  String prometheus, String json, boolean enabled) {

    /** Which side of a level is bad. */
    public enum Breach {
        /** Bad when lower than the level (crash-free sessions, download success). */
        BELOW,
        /** Bad when higher than the level (error rates, durations, signature failures). */
        ABOVE,
        /** Bad when farther than the level from the baseline version's value, either way (API error rate). */
        DEVIATES;

        /** Whether {@code value} is on the bad side of {@code level}; for DEVIATES, value is the distance. */
        boolean breaches(double value, double level) {
            return switch (this) {
                case BELOW -> value < level;
                case ABOVE, DEVIATES -> value > level;
            };
        }
    }

    /** The level reached: OK, WARNING or CRITICAL (critical wins when both are crossed). */
    public Level levelOf(double measured) {
        if (breachWhen.breaches(measured, critical)) {
            return Level.CRITICAL;
        }
        if (breachWhen.breaches(measured, warning)) {
            return Level.WARNING;
        }
        return Level.OK;
    }

    /** How a KPI came out of a check. */
    public enum Level {
        OK, WARNING, CRITICAL, SKIPPED
    }
}
