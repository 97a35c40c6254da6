package io.otarelease.core.testing;

/** How long each fuzz target runs under {@code JAZZER_FUZZ=1} from JUnit (CI); longer runs use ./fuzz.sh. */
public final class FuzzLimits {
    public static final String CI = "3s";

    private FuzzLimits() {
    }
}
