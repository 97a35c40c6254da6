package io.otarelease.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One run of {@code ota demo} on the sample app, shared by every test class that checks a part of it: the whole
 * flow (HSM signing, gates, trust, release, incident, fleet with a real Prometheus) takes most of a minute, so it
 * runs once per test JVM rather than once per area.
 */
final class DemoRun {
    private static CliRun run;
    private static Path work;

    private DemoRun() {
    }

    static synchronized CliRun shared() {
        if (run == null) {
            work = Path.of("target", "demo-test-run").toAbsolutePath();
            deleteTree(work);
            Path sample = Path.of("..", "examples", "app", "www").toAbsolutePath().normalize();
            run = CliRun.of("demo", "--bundle", sample.toString(), "--work", work.toString());
        }
        return run;
    }

    /** The demo's working directory (after {@link #shared()}). */
    static synchronized Path work() {
        shared();
        return work;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
