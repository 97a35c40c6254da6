package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.testing.OpenSsl;
import io.otarelease.signer.SignerFixture;
import io.otarelease.signer.SignerServer;
import io.otarelease.signer.TestPki;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keys export, sign and verify commands with {@code --signer remote}, against the real server. */
class RemoteSignerCommandsTest {
    @TempDir
    static Path dir;
    static SignerFixture fx;
    static SignerServer server;
    static Path passwordFile;

    @BeforeAll
    static void start() throws Exception {
        fx = SignerFixture.create(dir);
        server = fx.start(fx.writeConfig("signer.yaml", dir.resolve("audit.jsonl"), List.of(), ""));
        passwordFile = dir.resolve("client.pass");
        Files.writeString(passwordFile, TestPki.P12_PASSWORD + "\n");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String[] remote(TestPki.Identity client) {
        return new String[] {"--signer", "remote", "--signer-url", server.url().toString(), "--client-p12",
            client.p12().toString(), "--client-p12-password-file", passwordFile.toString(), "--server-ca",
            fx.pki.serverCa.toString(), "--server-pin", fx.pki.server.fingerprint(), "--key-id", "ota-pss",
            "--algorithm", "RSASSA_PSS_SHA_256"};
    }

    @Test
    void exportSignAndVerifyThroughTheSigningServer() throws Exception {
        Path trusted = dir.resolve("trusted-keys.json");
        Path www = dir.resolve("www");
        Files.createDirectories(www.resolve("js"));
        Files.writeString(www.resolve("index.html"), "<html>remote</html>");
        Files.writeString(www.resolve("js/app.js"), "console.log('remote');");

        assertThat(run(concat(new String[] {"keys", "export", "--trusted-keys", trusted.toString()},
                remote(fx.good))).exit).isZero();
        assertThat(TrustedKeys.parse(Files.readAllBytes(trusted), "t").find("ota-pss")).isPresent();
        Run sign = run(concat(new String[] {"sign", www.toString(), "--app-id", "com.example.shop",
            "--bundle-version", "2.0.0"}, remote(fx.good)));
        assertThat(sign.exit).as(sign.err).isZero();
        assertThat(run("verify", www.toString(), "--trusted-keys", trusted.toString()).exit).isZero();

        SignatureEnvelope env = SignatureEnvelope.parse(Files.readAllBytes(www.resolve("manifest.sig")), "sig");
        assertThat(OpenSsl.verifies(TrustedKeys.parse(Files.readAllBytes(trusted), "t").find("ota-pss").orElseThrow()
                .publicKey(), env, www.resolve("manifest.json"))).isTrue();
        assertThat(sign.out + sign.err).doesNotContain(TestPki.P12_PASSWORD);
    }

    @Test
    void aRevokedClientGetsABadUsageExitAndTheServersReason() throws Exception {
        Path www = dir.resolve("www-revoked");
        Files.createDirectories(www);
        Files.writeString(www.resolve("index.html"), "<html>no</html>");
        Run r = run(concat(new String[] {"sign", www.toString(), "--app-id", "com.example.shop", "--bundle-version",
            "2.0.1"}, remote(fx.revoked)));
        assertThat(r.exit).isEqualTo(2);
        assertThat(r.err).contains("client_revoked").contains("403").doesNotContain("\tat ");
        assertThat(www.resolve("manifest.sig")).doesNotExist();
    }

    @Test
    void hsmIsAcceptedForRemoteAndAnUnknownSignerListsTheNames() throws Exception {
        String[] hsm = remote(fx.good);
        hsm[1] = "hsm";
        Path trusted = dir.resolve("trusted-keys-hsm.json");
        Run export = run(concat(new String[] {"keys", "export", "--trusted-keys", trusted.toString()}, hsm));
        assertThat(export.exit).as(export.err).isZero();
        assertThat(TrustedKeys.parse(Files.readAllBytes(trusted), "t").find("ota-pss")).isPresent();

        hsm[1] = "yubikey";
        Run unknown = run(concat(new String[] {"keys", "export", "--trusted-keys", trusted.toString()}, hsm));
        assertThat(unknown.exit).isEqualTo(2);
        assertThat(unknown.err).contains("unknown signer 'yubikey' in --signer (expected remote, kms, pkcs11 or file "
                + "(hsm is another name for remote))");
    }

    @Test
    void aMissingPasswordOptionIsNamedAndTwoPasswordSourcesAreRefused() {
        List<String> noPassword = new java.util.ArrayList<>(List.of(remote(fx.good)));
        int i = noPassword.indexOf("--client-p12-password-file");
        noPassword.subList(i, i + 2).clear();
        Run missing = run(concat(new String[] {"keys", "export", "--trusted-keys", "t.json"},
                noPassword.toArray(String[]::new)));
        assertThat(missing.exit).isEqualTo(2);
        assertThat(missing.err).contains("the remote signer needs the PKCS#12 password from "
                + "--client-p12-password-env VAR or --client-p12-password-file FILE");
        Run both = run(concat(new String[] {"keys", "export", "--trusted-keys", "t.json",
            "--client-p12-password-env", "OTA_P12_PW"}, remote(fx.good)));
        assertThat(both.exit).isEqualTo(2);
        assertThat(both.err).contains("--client-p12-password-env or --client-p12-password-file, not both");
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Ota.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
