package io.otarelease.core.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tests run against real parts (SoftHSM2, openssl, Prometheus...). Where one is missing a test skips itself
 * locally, but fails in CI ({@code -Dota.requireRealParts=true}): a green CI must never hide a skipped check.
 */
public final class RealParts {
    private RealParts() {
    }

    public static void require(boolean available, String what) {
        if (available) {
            return;
        }
        if (Boolean.getBoolean("ota.requireRealParts")) {
            fail(what + " is required (ota.requireRealParts=true) but is not installed");
        }
        assumeTrue(false, what + " is not installed; skipping");
    }

    public static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
