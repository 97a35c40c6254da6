package io.otarelease.core;

import io.otarelease.core.io.IoErrors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A secret value (PIN, password, webhook URL). Its {@code toString} never shows it, and it is read from an
 * environment variable or a file, never from a command-line argument where {@code ps} would show it.
 */
public final class Secret {
    private final char[] value;
    private final String origin;

    private Secret(char[] value, String origin) {
        this.value = value;
        this.origin = origin;
    }

    public static Secret of(char[] value, String origin) {
        return new Secret(value.clone(), origin);
    }

    /** From the named environment variable; {@code env} is injected so tests and Jenkins can pass their own. */
    public static Secret fromEnv(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isEmpty()) {
            throw new OtaException.BadInput("environment variable " + name + " is not set");
        }
        return new Secret(v.toCharArray(), "environment variable " + name);
    }

    /** From a file, without its trailing newline. */
    public static Secret fromFile(Path file) {
        try {
            String v = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (v.isEmpty()) {
                throw new OtaException.BadInput(file + " is empty");
            }
            return new Secret(v.toCharArray(), "file " + file);
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot read secret file " + file + ": " + IoErrors.reason(e), null);
        }
    }

    /** The value, for the moment of use only. The caller must not keep or print it. */
    public char[] reveal() {
        return value.clone();
    }

    public String revealString() {
        return new String(value);
    }

    /** Where the value came from, safe to print. */
    public String origin() {
        return origin;
    }

    public void destroy() {
        Arrays.fill(value, '\0');
    }

    @Override
    public String toString() {
        return "Secret[" + origin + "]";
    }
}
