package io.otarelease.signer;

import static io.otarelease.signer.SignerFixture.get;
import static io.otarelease.signer.SignerFixture.post;
import static io.otarelease.signer.SignerServerTest.assertRefused;
import static io.otarelease.signer.SignerServerTest.signRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.json.JsonFields;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that hold a certificate of the client CA and use it against the server: a revoked certificate that
 * floods the audit log with long paths, and the audit disk filling up under the legitimate client.
 */
class HostileClientTest {
    @TempDir
    static Path dir;
    static SignerFixture fx;

    @BeforeAll
    static void setUp() {
        fx = SignerFixture.create(dir);
    }

    @Test
    void aRevokedCertificateFloodingLongPathsIsRateLimitedBeforeTheAuditLogAndEachLineIsBounded() throws Exception {
        Path audit = dir.resolve("flood.jsonl");
        try (SignerServer server = fx.start(fx.writeConfig("flood.yaml", audit, List.of(),
                "limits: {requestsPerSecond: 1, burst: 5}\n"))) {
            HttpClient revoked = fx.client(fx.revoked);
            String longPath = "/v1/" + "x".repeat(6000);
            List<Integer> statuses = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                statuses.add(get(revoked, server.url(), i % 2 == 0 ? longPath : "/v1/keys").statusCode());
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) + 1;

            assertThat(statuses).contains(429);
            assertThat(statuses.stream().filter(s -> s != 429).count()).isLessThanOrEqualTo(5 + seconds);
            List<JsonFields> lines = AuditLines.read(audit);
            // only what passed the certificate's bucket was audited: a burst of 5, then one a second
            assertThat((long) lines.size()).isLessThanOrEqualTo(5 + seconds);
            assertThat(Files.readAllLines(audit)).allSatisfy(l -> assertThat(l.length()).isLessThan(2048));
            JsonFields cut = AuditLines.last(lines, l -> l.string("path").startsWith("/v1/xxx"));
            assertThat(cut.string("path")).hasSizeLessThan(SigningAuditLog.MAX_FIELD).contains("cut, 6004 characters");
            assertThat(cut.string("pathSha256")).isEqualTo(sha256Hex(longPath));
            assertThat(cut.string("error")).isIn("client_revoked", "not_found");

            // a 200 KB path, as in the attack seen, is refused by the HTTP parser (request line over 8 KiB) and
            // never reaches the API or the audit log
            HttpResponse<String> tooLong = get(fx.client(fx.limited), server.url(), "/v1/" + "y".repeat(200_000));
            assertThat(tooLong.statusCode()).isIn(400, 414, 431);
            assertRefused(tooLong, tooLong.statusCode(), "bad_request", "refused before it reached the API");
            assertThat(tooLong.body()).doesNotContain("yyy");
            assertThat(AuditLines.read(audit)).noneMatch(l -> l.string("path").startsWith("/v1/yyy"));

            // the legitimate client has its own bucket and signs as usual
            assertThat(post(fx.client(fx.good), server.url(), "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256",
                    new byte[32])).statusCode()).isEqualTo(200);
            assertThat(fx.log).anyMatch(l -> l.contains("too many requests from client certificate "
                    + fx.revoked.fingerprint()));
        }
    }

    /**
     * The audit log on a real, small filesystem (a 256 KiB tmpfs; the tests run as root, as CI does) that fills
     * up: signatures stop with 503 and no audit-less signature escapes, then come back once there is room again,
     * without a restart, and the log holds only whole lines.
     */
    @Test
    void whenTheAuditDiskFillsSignaturesStopAndResumeOnceThereIsRoomWithoutARestart() throws Exception {
        Path mount = dir.resolve("auditfs");
        Files.createDirectories(mount);
        mount(mount);
        try {
            Path audit = mount.resolve("audit.jsonl");
            try (SignerServer server = fx.start(fx.writeConfig("full.yaml", audit, List.of(),
                    "limits: {requestsPerSecond: 1000, burst: 1000}\n"))) {
                HttpClient good = fx.client(fx.good);
                Set<String> answered = new TreeSet<>();
                assertThat(sign(good, server, 0, answered)).isEqualTo(200);

                Path filler = mount.resolve("filler");
                fill(filler);
                int status = 200;
                int n = 1;
                // the audit file's last page may still take a line or two; then the disk is full for it too
                while (status == 200 && n < 200) {
                    status = sign(good, server, n++, answered);
                }
                assertThat(status).isEqualTo(503);
                assertRefused(post(good, server.url(), "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256",
                        digest(n++))), 503, "audit_unavailable", "no signature is returned");
                assertThat(get(good, server.url(), "/healthz").statusCode()).isEqualTo(503);

                Files.delete(filler);
                assertThat(sign(good, server, n++, answered)).isEqualTo(200);
                assertThat(get(good, server.url(), "/healthz").statusCode()).isEqualTo(200);
                assertThat(fx.log).anyMatch(l -> l.contains("AUDIT FAILURE"));

                // every line parses (a write cut short by the full disk was trimmed away), and every signature
                // a client received has its line
                List<JsonFields> lines = AuditLines.read(audit);
                Set<String> signedLines = lines.stream().filter(l -> l.string("outcome").equals("signed"))
                        .map(l -> l.string("digest")).collect(Collectors.toSet());
                assertThat(signedLines).containsAll(answered);
            }
        } finally {
            run("umount", mount.toString());
        }
    }

    private static int sign(HttpClient client, SignerServer server, int n, Set<String> answered) throws Exception {
        HttpResponse<String> r = post(client, server.url(), "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256",
                digest(n)));
        if (r.statusCode() == 200) {
            answered.add(HexFormat.of().formatHex(digest(n)));
        } else {
            assertThat(r.body()).doesNotContain("signature\":");
        }
        return r.statusCode();
    }

    private static byte[] digest(int n) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(("request " + n).getBytes(StandardCharsets.UTF_8));
    }

    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }

    private static void mount(Path at) throws Exception {
        String out = run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", at.toString());
        if (out != null) {
            throw new AssertionError("this test mounts a 256 KiB tmpfs for a real full disk and needs root (CI runs "
                    + "as root): `mount -t tmpfs` failed: " + out);
        }
    }

    /** Null when the command succeeded, else its output. */
    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0 ? null : out.strip();
    }

    private static String sha256Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(
                StandardCharsets.UTF_8)));
    }
}
