package io.otarelease.signer;

import static io.otarelease.signer.SignerServerTest.assertRefused;
import static io.otarelease.signer.SignerServerTest.signRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.core.testing.SoftHsm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as its own process ({@code java -jar ota-signer.jar}'s main), started here with SIGHUP's disposition
 * set explicitly (coreutils {@code env --default-signal} / {@code --ignore-signal}), so the result does not depend
 * on how the test suite itself was started (a suite under {@code nohup} passes SIGHUP ignored to its children).
 */
class SignerMainSighupTest {
    @TempDir
    Path dir;

    @Test
    void sighupReloadsTheConfigurationAndARevokedClientIsRefused() throws Exception {
        SignerFixture fx = SignerFixture.create(dir);
        Path audit = dir.resolve("audit.jsonl");
        // polling off: only the signal can bring the change in
        Path config = fx.writeConfig("signer.yaml", audit, List.of(), "reload: {intervalSeconds: 0}\n");
        try (ServerProcess server = ServerProcess.start(config, "--default-signal=HUP")) {
            URI url = URI.create(server.await(Pattern.compile("listening on (https://\\S+)")).group(1));
            server.await(Pattern.compile("SIGHUP reloads"));
            HttpClient good = fx.client(fx.good);
            assertThat(SignerFixture.post(good, url, "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256",
                    new byte[32])).statusCode()).isEqualTo(200);

            fx.writeConfig("signer.yaml", audit, List.of(fx.good.fingerprint()), "reload: {intervalSeconds: 0}\n");
            server.signal("HUP");
            server.await(Pattern.compile("configuration reloaded: 2 revoked"));

            assertRefused(SignerFixture.post(good, url, "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256",
                    new byte[32])), 403, "client_revoked", fx.good.fingerprint());
            assertThat(server.stop()).as("SIGTERM ends the server through its shutdown hook").isEqualTo(143);
        }
    }

    @Test
    void startedWithSighupIgnoredItSaysReloadOnSighupIsUnavailableAndPollingStillAppliesARevocation()
            throws Exception {
        SignerFixture fx = SignerFixture.create(dir);
        Path audit = dir.resolve("audit.jsonl");
        Path config = fx.writeConfig("signer.yaml", audit, List.of(), "reload: {intervalSeconds: 1}\n");
        try (ServerProcess server = ServerProcess.start(config, "--ignore-signal=HUP")) {
            URI url = URI.create(server.await(Pattern.compile("listening on (https://\\S+)")).group(1));
            server.await(Pattern.compile("reload on SIGHUP is unavailable.*within reload.intervalSeconds \\(1 s\\)"));
            assertThat(server.seen()).noneMatch(l -> l.contains("SIGHUP reloads"));

            // the signal does nothing (it neither reloads nor ends the server); the poll brings the change in
            server.signal("HUP");
            HttpClient good = fx.client(fx.good);
            assertThat(SignerFixture.post(good, url, "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256",
                    new byte[32])).statusCode()).isEqualTo(200);
            fx.writeConfig("signer.yaml", audit, List.of(fx.good.fingerprint()), "reload: {intervalSeconds: 1}\n");
            server.await(Pattern.compile("configuration reloaded: 2 revoked"));
            assertRefused(SignerFixture.post(good, url, "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256",
                    new byte[32])), 403, "client_revoked", fx.good.fingerprint());
        }
    }

    /** {@code env <signalOption> java ... SignerMain --config FILE}, its output read line by line. */
    private static final class ServerProcess implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

        private ServerProcess(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    r.lines().forEach(lines::add);
                } catch (java.io.IOException e) {
                    // the process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        static ServerProcess start(Path config, String signalOption) throws Exception {
            ProcessBuilder pb = new ProcessBuilder("env", signalOption,
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SignerMain.class.getName(), "--config",
                    config.toString()).redirectErrorStream(true);
            pb.environment().put(SignerFixture.PIN_ENV, SoftHsm.PIN);
            return new ServerProcess(pb.start());
        }

        Matcher await(Pattern pattern) throws InterruptedException {
            return SignerMainSighupTest.await(lines, seen, pattern);
        }

        List<String> seen() {
            return seen;
        }

        void signal(String name) throws Exception {
            assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor())
                    .isZero();
        }

        int stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
            return process.exitValue();
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                stop();
            }
        }
    }

    private static Matcher await(BlockingQueue<String> lines, List<String> seen, Pattern pattern)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                continue;
            }
            seen.add(line);
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        throw new AssertionError("no line matching " + pattern + " in " + seen);
    }
}
