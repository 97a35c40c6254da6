package io.otarelease.core.gate;

import java.util.Objects;

/**
 * One thing a gate refused, at a place a developer can open: {@code path} is relative to the bundle (or names a
 * package for dependency gates), {@code line}/{@code column} are 1-based and 0 when unknown. The message never
 * contains a secret; {@code allowedBy} is set when a policy exception covers the finding.
 */
public record Finding(String rule, String path, int line, int column, String message, PolicyException allowedBy) {
    public Finding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    public Finding(String rule, String path, int line, int column, String message) {
        this(rule, path, line, column, message, null);
    }

    public Finding allowedBy(PolicyException exception) {
        return new Finding(rule, path, line, column, message, exception);
    }

    public boolean blocking() {
        return allowedBy == null;
    }

    /** {@code path:line:column} as compilers print it, leaving out what is unknown. */
    public String location() {
        if (line <= 0) {
            return path;
        }
        return column <= 0 ? path + ":" + line : path + ":" + line + ":" + column;
    }
}
