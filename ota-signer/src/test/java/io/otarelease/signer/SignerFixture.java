package io.otarelease.signer;

import io.otarelease.core.Secret;
import io.otarelease.core.testing.OpenSsl;
import io.otarelease.core.testing.RealParts;
import io.otarelease.core.testing.SoftHsm;
import io.otarelease.core.tls.TlsContexts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A signing server for tests: a SoftHSM2 token, certificates from {@link TestPki}, a {@code signer.yaml} written
 * here, and HTTP clients holding each test identity.
 *
 * <p>Keys: {@code ota-ec} (ECDSA), {@code ota-rsa} (PKCS#1) and {@code ota-pss} (PSS) for client "ci-runner";
 * {@code ota-limited} (ECDSA) only for "limited-runner". "revoked-runner" is configured and revoked; "stranger"
 * holds a certificate from the client CA but is not configured; "expired" has an expired certificate; "foreign"
 * is issued by a CA the server does not trust.
 */
public final class SignerFixture {
    public static final String PIN_ENV = "OTA_TEST_SIGNER_PIN";

    public final Path dir;
    public final TestPki pki;
    public final TestPki.Identity good;
    public final TestPki.Identity limited;
    public final TestPki.Identity revoked;
    public final TestPki.Identity stranger;
    public final TestPki.Identity expired;
    public final TestPki.Identity foreign;
    public final SoftHsm hsm;
    final List<String> log = new CopyOnWriteArrayList<>();

    private SignerFixture(Path dir) {
        RealParts.require(OpenSsl.available(), "openssl");
        this.hsm = SoftHsm.shared();
        this.dir = dir;
        this.pki = TestPki.create(dir);
        this.good = pki.client("ci-runner");
        this.limited = pki.client("limited-runner");
        this.revoked = pki.client("revoked-runner");
        this.stranger = pki.client("stranger");
        this.expired = pki.client("expired", "client-ca", -1);
        this.foreign = pki.client("foreign", "foreign-ca", 30);
        try {
            Files.writeString(dir.resolve("server-p12.pass"), TestPki.P12_PASSWORD + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SignerFixture create(Path dir) {
        return new SignerFixture(dir);
    }

    /** A signer.yaml; {@code extra} is appended (limits, reload), {@code revokedList} lists fingerprints. */
    public Path writeConfig(String name, Path auditFile, List<String> revokedList, String extra) {
        StringBuilder y = new StringBuilder();
        y.append("listen: 127.0.0.1:0\n");
        y.append("tls:\n  keyStore: server.p12\n  keyStorePasswordFile: server-p12.pass\n  clientCa: client-ca.pem\n");
        y.append("token:\n  pkcs11Config: ").append(hsm.pkcs11Config()).append("\n  pinEnv: ").append(PIN_ENV)
                .append('\n');
        y.append("keys:\n");
        y.append("  - {keyId: ota-ec, label: release-ec, algorithm: ECDSA_SHA_256, clients: [ci-runner, revoked]}\n");
        y.append("  - {keyId: ota-rsa, label: release-rsa, algorithm: RSASSA_PKCS1_V1_5_SHA_256,"
                + " clients: [ci-runner]}\n");
        y.append("  - {keyId: ota-pss, label: release-rsa, algorithm: RSASSA_PSS_SHA_256, clients: [ci-runner]}\n");
        y.append("  - {keyId: ota-limited, label: release-ec, algorithm: ECDSA_SHA_256, clients: [limited]}\n");
        y.append("clients:\n");
        y.append("  - {name: ci-runner, fingerprint: \"").append(colons(good.fingerprint())).append("\"}\n");
        y.append("  - {name: limited, subject: \"CN=limited-runner, O=OTA Test\"}\n");
        y.append("  - {name: revoked, subject: \"CN=revoked-runner,O=OTA Test\"}\n");
        y.append("revoked:\n");
        y.append("  - \"sha256:").append(revoked.fingerprint()).append("\"\n");
        for (String r : revokedList) {
            y.append("  - \"").append(r).append("\"\n");
        }
        y.append("audit:\n  file: ").append(auditFile).append('\n');
        y.append(extra);
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, y.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    public SignerServer start(Path config) {
        return SignerServer.start(ServerConfig.load(config), Map.of(PIN_ENV, SoftHsm.PIN), Clock.systemUTC(),
                log::add);
    }

    /** An HTTP/1.1 client presenting {@code id} (null: no certificate) and trusting only the server CA. */
    HttpClient client(TestPki.Identity id) {
        var identity = id == null ? null
                : TlsContexts.identity(id.p12(), Secret.of(TestPki.P12_PASSWORD.toCharArray(), "test"));
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TlsContexts.context(identity, TlsContexts.trustOnly(pki.serverCa)))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static HttpResponse<String> get(HttpClient c, URI base, String path) throws IOException, InterruptedException {
        return c.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(HttpClient c, URI base, String path, String body)
            throws IOException, InterruptedException {
        return c.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String colons(String hex) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) {
            s.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        }
        return s.toString().toUpperCase(java.util.Locale.ROOT);
    }
}
