package io.otarelease.client.fuzz;

/**
 * How long each fuzz target runs under {@code JAZZER_FUZZ=1} from JUnit: a few seconds, so that CI fuzzes every
 * target on every build. Longer runs use the Jazzer driver directly ({@code ./fuzz.sh}, docs/security.md).
 */
public final class FuzzLimits {
    public static final String CI = "3s";

    private FuzzLimits() {
    }
}
