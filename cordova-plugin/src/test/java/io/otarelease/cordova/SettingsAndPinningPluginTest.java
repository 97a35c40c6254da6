package io.otarelease.cordova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.otarelease.client.device.CertificatePins;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.json.JSONObject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.ConscryptMode;

/**
 * Issue #22 in the plugin: the update URL and the pins of config.xml. Bad values turn updates off with an error
 * naming the preference; pins reach the transport (an https CDN on loopback whose certificate keytool makes here).
 */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
@ConscryptMode(ConscryptMode.Mode.OFF) // the JDK's TLS on both ends
public class SettingsAndPinningPluginTest extends PluginTestBase {
    static final char[] PASSWORD = "test-only".toCharArray();

    void assertNotConfigured(String preference, String... messageParts) {
        CordovaHost app = start();
        assertThatThrownBy(() -> app.call("check"))
                .isInstanceOfSatisfying(CordovaHost.ActionFailed.class, e -> assertThat(e.code).isEqualTo("not_configured"))
                .hasMessageContaining("preference " + preference).hasMessageContaining(String.join("", messageParts));
    }

    @Test
    public void plainHttpToAHostThatIsNotLoopbackIsRefusedNamingThePreference() {
        prefs.put("OtaUpdateUrl", "http://cdn.example.com/ota/" + APP + "/");
        assertNotConfigured("OtaUpdateUrl", "must be an https:// URL");
    }

    @Test
    public void aChannelOrAppIdTheStoreAndCollectorWouldRefuseNamesThePreference() {
        prefs.put("OtaChannel", "Beta Testers");
        assertNotConfigured("OtaChannel", "must be a channel name (lower case letters");
        assertNotConfigured("OtaChannel", "not \"Beta Testers\"");
        prefs.put("OtaChannel", "beta");
        prefs.put("OtaAppId", "com.example.shop/../other");
        assertNotConfigured("OtaAppId", "must be the app id of the store");
    }

    @Test
    public void badPinsOrAMissingExpiryNameThePreference() {
        prefs.put("OtaCertificatePins", "not-a-pin");
        prefs.put("OtaCertificatePinsExpire", "2030-01-01");
        assertNotConfigured("OtaCertificatePins", "\"not-a-pin\"");
        prefs.put("OtaCertificatePins", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        prefs.remove("OtaCertificatePinsExpire");
        assertNotConfigured("OtaCertificatePinsExpire", "is missing");
        prefs.put("OtaCertificatePinsExpire", "next year");
        assertNotConfigured("OtaCertificatePinsExpire", "must be a date like 2027-06-30");
        prefs.remove("OtaCertificatePins");
        assertNotConfigured("OtaCertificatePinsExpire", "set both or neither");
    }

    @Test
    public void pinsFromConfigXmlAreEnforcedOnTheUpdateConnection() throws Exception {
        release("1.1.0", "production");
        Path p12 = tmp.getRoot().toPath().resolve("cdn.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "cdn", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "3650", "-storetype", "PKCS12", "-keystore", p12.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)).redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD);
        }
        Certificate cert = ks.getCertificate("cdn");
        HttpsServer cdn = httpsCdn(ks, tmp.getRoot().toPath().resolve("production"));
        try {
            prefs.put("OtaUpdateUrl", "https://127.0.0.1:" + cdn.getAddress().getPort() + "/" + APP + "/");
            prefs.put("OtaCertificatePins", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
            prefs.put("OtaCertificatePinsExpire", "2099-01-01");
            JSONObject refused = startTrusting(cert).call("check");
            assertThat(refused.getString("outcome")).isEqualTo("download_refused");
            assertThat(refused.getString("reason")).contains("matches none of the app's pins",
                    CertificatePins.pinOf(cert));
            assertThat(app.awaitEvent("refused").getString("reason")).contains("matches none of the app's pins");

            // the rotation: the CDN's key added as a second pin
            prefs.put("OtaCertificatePins", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=, " + CertificatePins.pinOf(cert));
            JSONObject staged = startTrusting(cert).call("check");
            assertThat(staged.getString("outcome")).as(staged.toString()).isEqualTo("staged");
        } finally {
            cdn.stop(0);
        }
    }

    /** An app start whose TLS trusts {@code cert} (it stands in for a public CA); the pins are checked on top. */
    CordovaHost startTrusting(Certificate cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("cdn", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return start(java.time.Clock.systemUTC(), ctx.getSocketFactory());
    }

    /** The production store's files over https on 127.0.0.1, as a CDN in front of it would serve them. */
    static HttpsServer httpsCdn(KeyStore ks, Path root) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        HttpsServer s = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx));
        s.createContext("/", ex -> {
            try (ex) {
                Path f = root.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
                if (!f.startsWith(root) || !Files.isRegularFile(f)) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] body = Files.readAllBytes(f);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        });
        s.start();
        return s;
    }
}
