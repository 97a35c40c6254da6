package io.otarelease.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import io.otarelease.core.sign.DigestSigning;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.sign.LocalSecrets;
import io.otarelease.core.sign.RemoteSigner;
import io.otarelease.core.sign.SecretRef;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SignerFactory;
import io.otarelease.core.sign.SignerSpec;
import io.otarelease.core.sign.SigningException;
import io.otarelease.core.sign.SigningService;
import io.otarelease.core.testing.OpenSsl;
import io.otarelease.core.tls.TlsContexts;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The remote signer (ota-core) against the real signing server: mTLS, pinning, retries, and verify-before-use. */
class RemoteSignerTest {
    @TempDir
    static Path dir;
    static SignerFixture fx;
    static SignerServer server;
    static Path audit;

    @BeforeAll
    static void start() {
        fx = SignerFixture.create(dir);
        audit = dir.resolve("remote-audit.jsonl");
        server = fx.start(fx.writeConfig("signer.yaml", audit, List.of(), ""));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static RemoteSigner.Options options(URI url, TestPki.Identity id, String pin) {
        return files(url, id.p12(), Secret.of(TestPki.P12_PASSWORD.toCharArray(), "test"), fx.pki.serverCa, pin)
                .withRetries(3, Duration.ofMillis(50));
    }

    /** Options from the files the CLI names: the key store and CA are loaded into memory, as LocalSecrets does. */
    static RemoteSigner.Options files(URI url, Path p12, Secret password, Path ca, String pin) {
        return RemoteSigner.Options.of(url, TlsContexts.keyStore(p12, password), password,
                TlsContexts.certificates(ca), pin);
    }

    @ParameterizedTest
    @CsvSource({"ota-ec, ECDSA_SHA_256", "ota-rsa, RSASSA_PKCS1_V1_5_SHA_256", "ota-pss, RSASSA_PSS_SHA_256"})
    void signaturesThroughTheServerVerifyWithOpenssl(String keyId, Algorithm algorithm) throws Exception {
        Path message = dir.resolve("remote-" + keyId + ".json");
        Files.writeString(message, "{\"schema\":\"ota-manifest/1\",\"remote\":\"" + keyId + "\"}");
        try (RemoteSigner signer = RemoteSigner.open(options(server.url(), fx.good, null), keyId, algorithm)) {
            SignatureEnvelope env = new SigningService(signer, Clock.systemUTC()).sign(Files.readAllBytes(message),
                    "manifest.json");
            assertThat(env.keyId()).isEqualTo(keyId);
            assertThat(OpenSsl.verifies(signer.publicKey(), env, message)).isTrue();
        }
    }

    @Test
    void theFactoryOpensARemoteSignerWithThePasswordFromTheEnvironmentAndAPinnedServer() throws Exception {
        SignerSpec.Builder c = SignerSpec.builder(SignerSpec.Source.CLI).type("remote").keyId("ota-ec")
                .algorithm("ECDSA_SHA_256").signerUrl(server.url())
                .clientIdentity(new SecretRef.File(fx.good.p12(), "--client-p12"),
                        new SecretRef.Env("CLIENT_P12_PW", "--client-p12-password-env"))
                .serverCa(new SecretRef.File(fx.pki.serverCa, "--server-ca"))
                .serverPin(SignerFixture.colons(fx.pki.server.fingerprint()));
        try (Signer s = SignerFactory.open(c.build(), new LocalSecrets(Map.of("CLIENT_P12_PW", TestPki.P12_PASSWORD)),
                w -> { })) {
            assertThat(s.describe()).contains(server.url().toString()).contains("ota-ec");
            assertThat(s.signDigest(new byte[32])).isNotEmpty();
        }
        c.clientIdentity(new SecretRef.File(fx.good.p12(), "--client-p12"), null);
        assertThatThrownBy(c::build).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("--client-p12-password-env");
    }

    @Test
    void aServerThatDoesNotMatchThePinIsRefused() {
        String otherPin = "00".repeat(32);
        assertThatThrownBy(() -> RemoteSigner.open(options(server.url(), fx.good, otherPin), "ota-ec",
                Algorithm.ECDSA_SHA_256)).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("pin is " + otherPin);
    }

    @Test
    void aServerFromAnotherCaIsRefused() {
        RemoteSigner.Options o = files(server.url(), fx.good.p12(),
                Secret.of(TestPki.P12_PASSWORD.toCharArray(), "test"), fx.pki.clientCa, null);
        assertThatThrownBy(() -> RemoteSigner.open(o, "ota-ec", Algorithm.ECDSA_SHA_256))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("TLS handshake");
    }

    @Test
    void aWrongPkcs12PasswordIsNamedButNotShown() {
        // the password opens the key store when the signer is set up, as SignerFactory does through LocalSecrets
        assertThatThrownBy(() -> RemoteSigner.open(files(server.url(), fx.good.p12(),
                Secret.of("wrong-pass-123".toCharArray(), "environment variable P12_PW"), fx.pki.serverCa, null),
                "ota-ec", Algorithm.ECDSA_SHA_256))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("P12_PW")
                .hasMessageNotContaining("wrong-pass-123");
    }

    @Test
    void unknownKeysAndWrongAlgorithmsAreNamed() {
        assertThatThrownBy(() -> RemoteSigner.open(options(server.url(), fx.good, null), "ota-limited",
                Algorithm.ECDSA_SHA_256)).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("no key \"ota-limited\"").hasMessageContaining("ota-ec");
        assertThatThrownBy(() -> RemoteSigner.open(options(server.url(), fx.good, null), "ota-rsa",
                Algorithm.RSASSA_PSS_SHA_256)).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("bound to RSASSA_PKCS1_V1_5_SHA_256");
    }

    @Test
    void aRefusalIsNeverRetried() throws Exception {
        long before = countAudit("client_revoked");
        assertThatThrownBy(() -> RemoteSigner.open(options(server.url(), fx.revoked, null), "ota-ec",
                Algorithm.ECDSA_SHA_256)).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("403").hasMessageContaining("client_revoked");
        assertThat(countAudit("client_revoked") - before).isEqualTo(1);
    }

    @Test
    void serverErrorsAreRetriedThenReported() {
        try (SignerServer broken = fx.start(fx.writeConfig("broken-audit.yaml", Path.of("/dev/full"), List.of(), ""))) {
            long before = fx.log.stream().filter(l -> l.contains("AUDIT FAILURE")).count();
            assertThatThrownBy(() -> RemoteSigner.open(options(broken.url(), fx.good, null), "ota-ec",
                    Algorithm.ECDSA_SHA_256)).isInstanceOf(SigningException.class)
                    .hasMessageContaining("after 3 attempts").hasMessageContaining("503");
            assertThat(fx.log.stream().filter(l -> l.contains("AUDIT FAILURE")).count() - before).isEqualTo(3);
        }
    }

    @Test
    void connectionErrorsAreRetriedUntilTheServerIsUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path config = fx.writeConfig("late.yaml", dir.resolve("late.jsonl"), List.of(), "");
        Files.writeString(config, Files.readString(config).replace("127.0.0.1:0", "127.0.0.1:" + port));
        RemoteSigner.Options o = files(URI.create("https://127.0.0.1:" + port), fx.good.p12(),
                Secret.of(TestPki.P12_PASSWORD.toCharArray(), "test"), fx.pki.serverCa, null)
                .withRetries(6, Duration.ofMillis(200));
        CompletableFuture<RemoteSigner> opening = CompletableFuture.supplyAsync(() -> RemoteSigner.open(o, "ota-ec",
                Algorithm.ECDSA_SHA_256));
        Thread.sleep(300);
        try (SignerServer late = fx.start(config)) {
            try (RemoteSigner signer = opening.get()) {
                assertThat(signer.signDigest(new byte[32])).isNotEmpty();
            }
        }
    }

    @Test
    void aSignatureThatDoesNotVerifyIsNeverUsed() throws Exception {
        KeyPair advertised = KeyGen.generate(Algorithm.ECDSA_SHA_256);
        KeyPair actual = KeyGen.generate(Algorithm.ECDSA_SHA_256);
        HttpsServer liar = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        liar.setHttpsConfigurator(new HttpsConfigurator(TlsContexts.context(TlsContexts.identity(fx.pki.serverP12,
                Secret.of(TestPki.P12_PASSWORD.toCharArray(), "test")), null)));
        liar.createContext("/", ex -> {
            byte[] body;
            if (ex.getRequestURI().getPath().equals("/v1/keys")) {
                body = new TrustedKeys(List.of(new TrustedKey("ota-ec", Algorithm.ECDSA_SHA_256,
                        advertised.getPublic()))).toCanonicalBytes();
            } else {
                try {
                    byte[] sig = DigestSigning.sign(Algorithm.ECDSA_SHA_256, actual.getPrivate(), actual.getPublic(),
                            null, new byte[32]);
                    body = CanonicalJson.bytes(Map.of("keyId", "ota-ec", "algorithm", "ECDSA_SHA_256",
                            "signature", Base64.getEncoder().encodeToString(sig)));
                } catch (java.security.GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        liar.start();
        try {
            RemoteSigner signer = RemoteSigner.open(options(URI.create("https://127.0.0.1:" + liar.getAddress()
                    .getPort()), fx.good, null), "ota-ec", Algorithm.ECDSA_SHA_256);
            assertThatThrownBy(() -> signer.signDigest(new byte[32])).isInstanceOf(SigningException.class)
                    .hasMessageContaining("does not verify");
        } finally {
            liar.stop(0);
        }
    }

    private static long countAudit(String error) throws Exception {
        return AuditLines.read(audit).stream().filter(l -> error.equals(l.optString("error"))).count();
    }
}
