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

/** The server as its own process ({@code java -jar ota-signer.jar}'s main): SIGHUP applies a revocation. */
class SignerMainSighupTest {
    @TempDir
    Path dir;

    @Test
    void sighupReloadsTheConfigurationAndARevokedClientIsRefused() throws Exception {
        SignerFixture fx = SignerFixture.create(dir);
        Path audit = dir.resolve("audit.jsonl");
        // polling off: only the signal can bring the change in
        Path config = fx.writeConfig("signer.yaml", audit, List.of(), "reload: {intervalSeconds: 0}\n");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SignerMain.class.getName(), "--config",
                config.toString()).redirectErrorStream(true);
        pb.environment().put(SignerFixture.PIN_ENV, SoftHsm.PIN);
        Process server = pb.start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(server.getInputStream(),
                    StandardCharsets.UTF_8))) {
                r.lines().forEach(lines::add);
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            URI url = URI.create(await(lines, Pattern.compile("listening on (https://\\S+)")).group(1));
            await(lines, Pattern.compile("SIGHUP reloads"));
            HttpClient good = fx.client(fx.good);
            assertThat(SignerFixture.post(good, url, "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256",
                    new byte[32])).statusCode()).isEqualTo(200);

            fx.writeConfig("signer.yaml", audit, List.of(fx.good.fingerprint()), "reload: {intervalSeconds: 0}\n");
            assertThat(new ProcessBuilder("sh", "-c", "kill -HUP " + server.pid()).start().waitFor()).isZero();
            await(lines, Pattern.compile("configuration reloaded: 2 revoked"));

            assertRefused(SignerFixture.post(good, url, "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256",
                    new byte[32])), 403, "client_revoked", fx.good.fingerprint());
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
        assertThat(server.exitValue()).as("SIGTERM ends the server through its shutdown hook").isEqualTo(143);
    }

    private static Matcher await(BlockingQueue<String> lines, Pattern pattern) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> seen = new java.util.ArrayList<>();
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
