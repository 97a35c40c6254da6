package io.otarelease.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the packaged command as users do, {@code java -jar ota-cli/target/ota-cli.jar ARGS}, with stdout read through a
 * pipe and stderr from a file, so neither is a terminal. The jar is the one {@code mvn verify} packaged (failsafe
 * passes its path as {@code ota.cliJar}).
 */
record OtaProcess(int exitCode, String out, String err) {
    static final Map<String, String> AWS_ENV = Map.of("AWS_ACCESS_KEY_ID", "AKIDPROCESSTEST", "AWS_SECRET_ACCESS_KEY",
            "process-test-secret", "AWS_REGION", "us-east-1");

    static OtaProcess run(Path workDir, String... args) {
        return run(workDir, Map.of(), args);
    }

    /**
     * As {@link #run(Path, String...)}, with {@code env} added to (or replacing) {@link #AWS_ENV}; a variable mapped
     * to null is removed.
     */
    static OtaProcess run(Path workDir, Map<String, String> env, String... args) {
        String jar = System.getProperty("ota.cliJar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no packaged command at ota.cliJar=" + jar + " (run through 'mvn verify')");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar));
        command.addAll(List.of(args));
        try {
            Path errFile = Files.createTempFile(workDir, "stderr", ".txt");
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectError(errFile.toFile());
            pb.environment().putAll(AWS_ENV);
            env.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: ota " + String.join(" ", args));
            }
            return new OtaProcess(p.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(errFile));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String all() {
        return out + err;
    }
}
