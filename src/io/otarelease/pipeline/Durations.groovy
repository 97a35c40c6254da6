package io.otarelease.pipeline

import com.cloudbees.groovy.cps.NonCPS

/**
 * Durations as release engineers write them: {@code 90s}, {@code 15m}, {@code 1h}, {@code 2h30m}, {@code 1d}.
 * The sleep and timeout steps take seconds, so everything converts to whole seconds.
 * Each form means what it means to the engine's parser, {@code io.otarelease.core.Durations} (SrcClassesTest
 * checks it); the library keeps its own because it runs on Jenkins' Groovy and links against none of the engine.
 */
class Durations implements Serializable {

    private static final long serialVersionUID = 1L
    private static final Map<String, Long> UNIT_SECONDS = [d: 86400L, h: 3600L, m: 60L, s: 1L]

    /**
     * Seconds in {@code text}; {@code key} names the configuration key in the error.
     * NonCPS: the regular-expression Matcher is not serializable, and this calls no step.
     */
    @NonCPS
    static long seconds(String key, Object text) {
        String s = text == null ? '' : text.toString().trim()
        if (!(s ==~ /(\d+[dhms])+/)) {
            throw new IllegalArgumentException(
                    "'${key}' must be a duration such as 90s, 15m, 1h or 2h30m, got '${text}'".toString())
        }
        long total = 0
        def m = s =~ /(\d+)([dhms])/
        while (m.find()) {
            total += Long.parseLong(m.group(1)) * UNIT_SECONDS[m.group(2)]
        }
        if (total <= 0) {
            throw new IllegalArgumentException("'${key}' must be longer than zero, got '${text}'".toString())
        }
        return total
    }

    /** The shortest text for {@code seconds}: 3600 → 1h, 5400 → 1h30m. */
    @NonCPS
    static String format(long seconds) {
        if (seconds <= 0) {
            return '0s'
        }
        StringBuilder out = new StringBuilder()
        long rest = seconds
        for (Map.Entry<String, Long> unit : UNIT_SECONDS.entrySet()) {
            long n = rest.intdiv(unit.value)
            if (n > 0) {
                out.append(n).append(unit.key)
                rest -= n * unit.value
            }
        }
        return out.toString()
    }
}
