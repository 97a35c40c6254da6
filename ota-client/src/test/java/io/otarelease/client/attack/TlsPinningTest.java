package io.otarelease.client.attack;

import io.otarelease.client.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.device.CertificatePins;
import io.otarelease.client.device.DeviceConfig;
import io.otarelease.client.device.DownloadLimits;
import io.otarelease.client.device.HttpTransport;
import io.otarelease.client.device.Transport.Refusal;
import io.otarelease.client.device.UpdateResult;
import io.otarelease.client.device.UpdateResult.Outcome;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.signature.TrustedKeys;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #22 on the device: https only, and the CDN's key pinned. A real TLS server on loopback with keys and
 * certificates keytool makes here ({@code cdn-a}, and {@code cdn-b} as the key it rotates to), the code a phone runs
 * ({@link Phone}: {@code UpdateClient} over {@code HttpTransport}); the test's own trust store stands in for the
 * platform's certificate authorities, which both certificates satisfy, so only the pins tell them apart.
 */
class TlsPinningTest {
    static final Duration WEEK = Duration.ofDays(7);
    static final char[] PASSWORD = "test-only".toCharArray();

    @TempDir
    static Path keys;
    static KeyStore cdnA;
    static KeyStore cdnB;
    static SSLSocketFactory trustsBoth;

    @TempDir
    Path tmp;
    Repo repo;
    StoreServer server;
    MutableClock clock = new MutableClock(Repo.T0.plusSeconds(3600));
    Phone device;

    @BeforeAll
    static void makeKeys() throws Exception {
        cdnA = keytool("cdn-a");
        cdnB = keytool("cdn-b");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("cdn-a", cert(cdnA));
        trust.setCertificateEntry("cdn-b", cert(cdnB));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        trustsBoth = ctx.getSocketFactory();
    }

    /** A self-signed EC key and certificate for 127.0.0.1, made by the JDK's keytool. */
    static KeyStore keytool(String alias) throws Exception {
        Path store = keys.resolve(alias + ".p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "3650", "-storetype", "PKCS12", "-keystore",
                store.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    static Certificate cert(KeyStore ks) throws Exception {
        return ks.getCertificate(ks.aliases().nextElement());
    }

    static SSLContext serverTls(KeyStore ks) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    @BeforeEach
    void releaseOnTheCdn() throws Exception {
        repo = new Repo(tmp.resolve("store"));
        Manifest v1 = repo.release("1.0.0");
        repo.publish(repo.pointer(v1, 100, null, Repo.T0.plus(WEEK)));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A phone whose app pins {@code pins} until {@code expires}, against a CDN serving with {@code serverKey}. */
    Phone phone(KeyStore serverKey, java.time.Instant expires, String... pins) throws Exception {
        server = new StoreServer(repo.root, serverTls(serverKey));
        TrustedKeys trusted = new TrustedKeys(List.of(repo.releaseKey.trusted(), repo.channelKey.trusted()));
        DeviceConfig config = new DeviceConfig(Repo.APP, Repo.CHANNEL, "install-1", "9.9.9", trusted, clock,
                Duration.ofSeconds(10)).withDownloads(DownloadLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(20),
                Duration.ofSeconds(20)));
        device = new Phone(server.base(), tmp.resolve("device"), config, null);
        CertificatePins certificatePins = pins.length == 0 ? null
                : new CertificatePins(List.of(pins), expires, clock);
        device.transportSetup = t -> {
            HttpTransport tls = t.withSocketFactory(trustsBoth);
            return certificatePins == null ? tls : tls.withPins(certificatePins);
        };
        return device.restart();
    }

    @Test
    void theRightPinConnectsAndTheReleaseIsStaged() throws Exception {
        phone(cdnA, Repo.T0.plus(WEEK), CertificatePins.pinOf(cert(cdnA)));
        UpdateResult r = device.check();
        assertThat(r.outcome()).as(String.valueOf(r.detail())).isEqualTo(Outcome.STAGED);
        assertThat(server.requested).isNotEmpty();
    }

    @Test
    void aServerKeyMatchingNoPinIsRefusedBeforeAnyRequest() throws Exception {
        phone(cdnB, Repo.T0.plus(WEEK), CertificatePins.pinOf(cert(cdnA)));
        UpdateResult r = device.check();
        assertThat(r.outcome()).isEqualTo(Outcome.DOWNLOAD_REFUSED);
        assertThat(r.refusal()).isEqualTo(Refusal.PIN_MISMATCH);
        assertThat(r.detail()).contains(CertificatePins.pinOf(cert(cdnB)), "matches none of the app's pins");
        assertThat(device.downloadRefusals).containsExactly("PIN_MISMATCH channels/production.json");
        assertThat(server.requested).as("nothing is asked of an unpinned server").isEmpty();
        assertThat(device.storage.load().pending()).isNull();
    }

    @Test
    void aBackupPinKeepsUpdatesWorkingAfterTheCdnRotatesItsKey() throws Exception {
        phone(cdnB, Repo.T0.plus(WEEK), CertificatePins.pinOf(cert(cdnA)), CertificatePins.pinOf(cert(cdnB)));
        assertThat(device.check().outcome()).isEqualTo(Outcome.STAGED);
    }

    @Test
    void expiredPinsAreNotEnforcedSoALostKeyCannotStopUpdatesForEver() throws Exception {
        phone(cdnB, Repo.T0.plus(WEEK), CertificatePins.pinOf(cert(cdnA)));
        assertThat(device.check().refusal()).isEqualTo(Refusal.PIN_MISMATCH);
        clock.advance(WEEK); // past the pins' expiry (T0 + 1 h + 7 d > T0 + 7 d); the pointer is re-signed
        repo.publish(repo.pointer(repo.release("1.0.1"), 100, null, Repo.T0.plus(WEEK.multipliedBy(3))));
        UpdateResult r = device.check();
        assertThat(r.outcome()).as(String.valueOf(r.detail())).isEqualTo(Outcome.STAGED);
        assertThat(r.version()).isEqualTo("1.0.1");
    }

    @Test
    void plainHttpIsRefusedExceptToLoopback() throws Exception {
        TrustedKeys trusted = new TrustedKeys(List.of(repo.releaseKey.trusted(), repo.channelKey.trusted()));
        DeviceConfig config = new DeviceConfig(Repo.APP, Repo.CHANNEL, "install-1", "9.9.9", trusted, clock,
                Duration.ofSeconds(10));
        // an address that would not answer anyway: the refusal comes before any connection
        device = new Phone(URI.create("http://cdn.example.invalid/"), tmp.resolve("device"), config, null);
        UpdateResult r = device.check();
        assertThat(r.outcome()).isEqualTo(Outcome.DOWNLOAD_REFUSED);
        assertThat(r.refusal()).isEqualTo(Refusal.INSECURE_URL);
        assertThat(r.detail()).contains("http://cdn.example.invalid/" + Repo.APP + "/channels/production.json",
                "https only");

        server = new StoreServer(repo.root); // plain http on 127.0.0.1: allowed for development
        device = new Phone(server.base(), tmp.resolve("device2"), config, null);
        assertThat(device.check().outcome()).isEqualTo(Outcome.STAGED);

        for (String host : List.of("127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "[::1]",
                "[0:0:0:0:0:0:0:1]")) {
            assertThat(HttpTransport.loopback(URI.create("http://" + host + ":8080/a/"))).as(host).isTrue();
        }
        for (String host : List.of("10.0.0.1", "128.0.0.1", "127.0.0.1.example.com", "localhost.example.com",
                "[::2]", "example.com")) {
            assertThat(HttpTransport.loopback(URI.create("http://" + host + "/a/"))).as(host).isFalse();
        }
    }

    @Test
    void badPinsAreRefusedWithTheirValue() {
        assertThatThrownBy(() -> new CertificatePins(List.of("not base64!"), Repo.T0, clock))
                .hasMessageContaining("\"not base64!\" is not base64");
        assertThatThrownBy(() -> new CertificatePins(List.of("AAAA"), Repo.T0, clock))
                .hasMessageContaining("3 bytes, not the 32");
        assertThatThrownBy(() -> new CertificatePins(List.of(), Repo.T0, clock)).hasMessageContaining("no pins");
    }
}
