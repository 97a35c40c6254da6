package io.otarelease.signer;

import static io.otarelease.signer.SignerFixture.get;
import static io.otarelease.signer.SignerFixture.post;
import static io.otarelease.signer.SignerServerTest.assertRefused;
import static io.otarelease.signer.SignerServerTest.signRequest;
import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.json.JsonFields;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.testing.OpenSsl;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server under load and change: concurrency, the audit log, rate limits, revocation without a restart. */
class SignerServerOperationsTest {
    @TempDir
    static Path dir;
    static SignerFixture fx;

    @BeforeAll
    static void setUp() {
        fx = SignerFixture.create(dir);
    }

    @Test
    void fiftyConcurrentSignaturesAllVerifyWithOpensslAndEachHasItsAuditLine() throws Exception {
        Path audit = dir.resolve("concurrent.jsonl");
        try (SignerServer server = fx.start(fx.writeConfig("concurrent.yaml", audit, List.of(),
                "limits: {requestsPerSecond: 1000, burst: 1000, threads: 16}\n"))) {
            HttpClient client = fx.client(fx.good);
            HttpResponse<String> keys = get(client, server.url(), "/v1/keys");
            PublicKey pub = TrustedKeys.parse(keys.body().getBytes(StandardCharsets.UTF_8), "keys").find("ota-ec")
                    .orElseThrow().publicKey();
            ExecutorService pool = Executors.newFixedThreadPool(50);
            List<Future<Path>> results = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    int n = i;
                    results.add(pool.submit((Callable<Path>) () -> {
                        Path message = dir.resolve("concurrent-" + n + ".json");
                        Files.writeString(message, "{\"n\":" + n + "}");
                        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(message));
                        HttpResponse<String> r = post(client, server.url(), "/v1/sign",
                                signRequest("ota-ec", "ECDSA_SHA_256", digest));
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                        String sig = JsonFields.parse(r.body().getBytes(StandardCharsets.UTF_8), "answer")
                                .string("signature");
                        Files.writeString(dir.resolve("concurrent-" + n + ".sig"), sig);
                        return message;
                    }));
                }
                for (int i = 0; i < 50; i++) {
                    Path message = results.get(i).get();
                    byte[] sig = Base64.getDecoder().decode(Files.readString(dir.resolve("concurrent-" + i + ".sig")));
                    assertThat(OpenSsl.verifies(pub, new SignatureEnvelope("ota-ec", Algorithm.ECDSA_SHA_256, sig,
                            "2026-03-29T14:00:00Z"), message)).as("signature %d", i).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }

            List<JsonFields> lines = AuditLines.read(audit);
            List<JsonFields> signed = lines.stream().filter(l -> l.string("path").equals("/v1/sign")).toList();
            assertThat(signed).hasSize(50).allSatisfy(l -> {
                assertThat(l.string("outcome")).isEqualTo("signed");
                assertThat(l.string("clientFingerprint")).isEqualTo(fx.good.fingerprint());
                assertThat(l.string("keyId")).isEqualTo("ota-ec");
            });
            Set<String> expected = new java.util.HashSet<>();
            for (int i = 0; i < 50; i++) {
                expected.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(dir.resolve("concurrent-" + i + ".json")))));
            }
            assertThat(signed.stream().map(l -> l.string("digest")).collect(Collectors.toSet())).isEqualTo(expected);
        }
    }

    @Test
    void tooManyRequestsFromOneClientAreRefusedWhileOthersGoOn() throws Exception {
        try (SignerServer server = fx.start(fx.writeConfig("limited.yaml", dir.resolve("limited.jsonl"), List.of(),
                "limits: {requestsPerSecond: 1, burst: 3}\n"))) {
            HttpClient good = fx.client(fx.good);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                statuses.add(post(good, server.url(), "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256",
                        new byte[32])).statusCode());
            }
            assertThat(statuses.subList(0, 3)).containsOnly(200);
            assertThat(statuses).contains(429);
            HttpResponse<String> r = post(good, server.url(), "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256",
                    new byte[32]));
            assertRefused(r, 429, "too_many_requests", "ci-runner");
            assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
            // the bucket is per client: another client still gets through
            assertThat(get(fx.client(fx.limited), server.url(), "/v1/keys").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void whenTheAuditLineCannotBeWrittenNoSignatureIsReturned() throws Exception {
        Path devFull = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(devFull), "needs /dev/full (Linux)");
        try (SignerServer server = fx.start(fx.writeConfig("full.yaml", devFull, List.of(), ""))) {
            HttpClient good = fx.client(fx.good);
            HttpResponse<String> r = post(good, server.url(), "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256",
                    new byte[32]));
            assertRefused(r, 503, "audit_unavailable", "no signature is returned");
            assertThat(r.body()).doesNotContain("signature\":");
            // and it stays closed: health says so, later requests get nothing either
            assertThat(get(good, server.url(), "/healthz").statusCode()).isEqualTo(503);
            assertRefused(post(good, server.url(), "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256", new byte[32])),
                    503, "audit_unavailable", "no signature");
            assertThat(fx.log).anyMatch(l -> l.contains("AUDIT FAILURE"));
        }
    }

    @Test
    void aCertificateRevokedInTheConfigurationIsRefusedWithoutARestart() throws Exception {
        Path audit = dir.resolve("revoke.jsonl");
        Path config = fx.writeConfig("revoke.yaml", audit, List.of(), "reload: {intervalSeconds: 1}\n");
        try (SignerServer server = fx.start(config)) {
            HttpClient good = fx.client(fx.good);
            assertThat(post(good, server.url(), "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256", new byte[32]))
                    .statusCode()).isEqualTo(200);

            fx.writeConfig("revoke.yaml", audit, List.of(fx.good.fingerprint()), "reload: {intervalSeconds: 1}\n");

            HttpResponse<String> r = null;
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (System.nanoTime() < deadline) {
                // the same pooled connection: revocation must hold on connections opened before it
                r = post(good, server.url(), "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256", new byte[32]));
                if (r.statusCode() != 200) {
                    break;
                }
                Thread.sleep(200);
            }
            assertRefused(r, 403, "client_revoked", fx.good.fingerprint());
            assertThat(fx.log).anyMatch(l -> l.contains("configuration reloaded"));
        }
    }

    @Test
    void aBrokenConfigurationOnReloadKeepsThePreviousPolicy() throws Exception {
        Path audit = dir.resolve("broken.jsonl");
        Path config = fx.writeConfig("broken.yaml", audit, List.of(), "reload: {intervalSeconds: 0}\n");
        try (SignerServer server = fx.start(config)) {
            HttpClient good = fx.client(fx.good);
            Files.writeString(config, Files.readString(config).replace("revoked:", "revokd:"));
            assertThat(server.reload()).isFalse();
            assertThat(fx.log).anyMatch(l -> l.contains("reload refused") && l.contains("revokd"));
            // the revoked client stays revoked and the good one keeps signing
            assertRefused(post(fx.client(fx.revoked), server.url(), "/v1/sign", signRequest("ota-ec",
                    "ECDSA_SHA_256", new byte[32])), 403, "client_revoked", "revoked");
            assertThat(post(good, server.url(), "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256", new byte[32]))
                    .statusCode()).isEqualTo(200);

            fx.writeConfig("broken.yaml", audit, List.of(fx.good.fingerprint()), "reload: {intervalSeconds: 0}\n");
            assertThat(server.reload()).isTrue();
            assertRefused(post(good, server.url(), "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256", new byte[32])),
                    403, "client_revoked", "revoked");
        }
    }
}
