package io.otarelease.client.layout;

import java.util.regex.Pattern;

/**
 * The names DESIGN.md gives apps, channels and releases, one rule each for the engine that writes them, the device
 * that reads them and the servers between. App ids and channels are segments of a store path, so they start with a
 * letter or digit: never {@code .}, {@code ..} or anything holding a {@code /}.
 */
public final class Names {
    /** An app id, e.g. {@code com.example.shop}: letters, digits, '.', '_', '-'; at most 128. */
    public static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** A channel, e.g. {@code production}: lower case letters, digits, '.', '_', '-'; at most 64. */
    public static final Pattern CHANNEL = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** A release version: three numbers and an optional pre-release, e.g. {@code 3.4.1} or {@code 3.5.0-beta.2}. */
    public static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?");

    private Names() {
    }
}
