package io.otarelease.core.gate;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.otarelease.core.OtaException;
import io.otarelease.core.testing.FuzzLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code npm audit --json} and {@code license-checker --json} reports, produced by tools on the build agent from
 * the app's dependencies. The first byte picks the reader; the rest is the report.
 */
class DependencyReportsFuzzTest {
    private static final Path REPORT;

    static {
        try {
            REPORT = Files.createTempFile("fuzz-report", ".json");
            REPORT.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = FuzzLimits.CI)
    void fuzz(byte[] input) {
        fuzzerTestOneInput(input);
    }

    public static void fuzzerTestOneInput(byte[] input) {
        if (input.length == 0) {
            return;
        }
        try {
            Files.write(REPORT, Arrays.copyOfRange(input, 1, input.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            if ((input[0] & 1) == 0) {
                DependencyGates.audit(REPORT, new GatePolicy.Audit(GatePolicy.Severity.HIGH, true));
            } else {
                DependencyGates.licenses(REPORT, new GatePolicy.Licenses(List.of("GPL-3.0-only", "AGPL-3.0-or-later"),
                        true));
            }
        } catch (OtaException.BadInput expected) {
            // refused with the report and field named
        }
    }
}
