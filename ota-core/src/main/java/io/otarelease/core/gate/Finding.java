package io.otarelease.core.gate;

import java.util.Objects;

/**
 * One thing a gate refused or warns about, at a place a developer can open: {@code path} is relative to the bundle
 * (or names a package for dependency gates), {@code line}/{@code column} are 1-based and 0 when unknown. The
 * message never contains a secret; {@code allowedBy} is set when a policy exception covers the finding. A
 * {@link Level#WARNING} is reported but never fails a gate (the policy sets a rule's level).
 */
public record Finding(String rule, String path, int line, int column, String message, Level level,
        PolicyException allowedBy) {
    public enum Level { ERROR, WARNING }

    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(level, "level");
    }

    public Finding(String rule, String path, int line, int column, String message) {
        this(rule, path, line, column, message, Level.ERROR, null);
    }

    public Finding allowedBy(PolicyException exception) {
        return new Finding(rule, path, line, column, message, level, exception);
    }

    public Finding asWarning() {
        return new Finding(rule, path, line, column, message, Level.WARNING, allowedBy);
    }

    public boolean blocking() {
        return allowedBy == null && level == Level.ERROR;
    }

    public boolean warning() {
        return allowedBy == null && level == Level.WARNING;
    }

    /** {@code path:line:column} as compilers print it, leaving out what is unknown. */
    public String location() {
        if (line <= 0) {
            return path;
        }
        return column <= 0 ? path + ":" + line : path + ":" + line + ":" + column;
    }
}
