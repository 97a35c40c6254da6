package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.manifest.Manifest;
import io.otarelease.core.testing.Bundles;
import io.otarelease.core.testing.SoftHsm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignAndVerifyCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void manifestCommandWritesCanonicalManifest() throws Exception {
        Path www = Bundles.sample(tmp.resolve("www"));
        CliRun r = CliRun.of("manifest", www.toString(), "--app-id", "com.example.shop", "--bundle-version", "3.4.1",
                "--min-native-version", "3.0.0", "--source-ref", "ota/v3.4.1");
        assertThat(r.exitCode()).as(r.all()).isZero();
        Manifest m = Manifest.parse(Files.readAllBytes(www.resolve("manifest.json")));
        assertThat(m.minNativeVersion()).isEqualTo("3.0.0");
        assertThat(m.source().ref()).isEqualTo("ota/v3.4.1");
        assertThat(r.out()).contains(m.bundleHash()).contains("5 files");
    }

    @Test
    void badBundlesExitWithTwoAndNameThePath() throws Exception {
        Path www = Bundles.sample(tmp.resolve("www"));
        Files.createSymbolicLink(www.resolve("js/evil.js"), Path.of("/etc/passwd"));
        CliRun r = CliRun.of("manifest", www.toString(), "--app-id", "com.example.shop", "--bundle-version", "1.0.0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("js/evil.js: symbolic links are refused").doesNotContain("Exception");
        assertThat(www.resolve("manifest.json")).doesNotExist();
    }

    @Test
    void keygenSignVerifyAndTamperWithTheFileSigner() throws Exception {
        Path www = Bundles.sample(tmp.resolve("www"));
        Path key = tmp.resolve("dev.pem");
        Path trusted = tmp.resolve("trusted-keys.json");
        assertThat(CliRun.of("keygen", "--key-id", "dev-a", "--private-key", key.toString(), "--trusted-keys",
                trusted.toString()).exitCode()).isZero();
        assertThat(Files.getPosixFilePermissions(key)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);

        CliRun sign = CliRun.of("sign", www.toString(), "--signer", "file", "--private-key", key.toString(),
                "--key-id", "dev-a", "--app-id", "com.example.shop", "--bundle-version", "1.0.0");
        assertThat(sign.exitCode()).as(sign.all()).isZero();
        assertThat(sign.err()).contains("development key");

        CliRun ok = CliRun.of("verify", www.toString(), "--trusted-keys", trusted.toString());
        assertThat(ok.exitCode()).as(ok.all()).isZero();
        assertThat(ok.out()).startsWith("valid: com.example.shop 1.0.0");

        Files.writeString(www.resolve("js/app.js"), "alert(1)");
        CliRun bad = CliRun.of("verify", www.toString(), "--trusted-keys", trusted.toString());
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.out()).startsWith("REFUSED: js/app.js has");
    }

    @Test
    void keygenAddsKeysForRotationAndNeverOverwritesAKey() {
        Path trusted = tmp.resolve("trusted-keys.json");
        assertThat(CliRun.of("keygen", "--key-id", "a", "--private-key", tmp.resolve("a.pem").toString(),
                "--trusted-keys", trusted.toString()).exitCode()).isZero();
        CliRun second = CliRun.of("keygen", "--key-id", "b", "--algorithm", "RSASSA_PSS_SHA_256", "--private-key",
                tmp.resolve("b.pem").toString(), "--trusted-keys", trusted.toString());
        assertThat(second.out()).contains("(2 keys)");
        CliRun again = CliRun.of("keygen", "--key-id", "c", "--private-key", tmp.resolve("a.pem").toString(),
                "--trusted-keys", trusted.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err()).contains("a.pem exists; refusing to overwrite");
    }

    @Test
    void verifyWithMalformedTrustedKeysIsAConfigurationError() throws Exception {
        Path www = Bundles.sample(tmp.resolve("www"));
        Path trusted = Files.writeString(tmp.resolve("trusted-keys.json"), "{\"schema\":\"ota-keys/1\",\"keys\":[{}]}");
        CliRun r = CliRun.of("verify", www.toString(), "--trusted-keys", trusted.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("trusted-keys.json: keys[0].algorithm is missing");
    }

    @Test
    void pkcs11SigningWithPinFileAndExportedTrustedKeys() throws Exception {
        SoftHsm hsm = SoftHsm.shared();
        Path www = Bundles.sample(tmp.resolve("www"));
        Path pin = Files.writeString(tmp.resolve("pin"), SoftHsm.PIN + "\n");
        Path trusted = tmp.resolve("trusted-keys.json");
        String[] signer = {"--signer", "pkcs11", "--pkcs11-config", hsm.pkcs11Config().toString(), "--key-label",
            SoftHsm.RSA_KEY, "--pin-file", pin.toString(), "--key-id", "hsm-2026", "--algorithm", "RSASSA_PSS_SHA_256"};

        CliRun export = CliRun.of(concat(new String[] {"keys", "export", "--trusted-keys", trusted.toString()}, signer));
        assertThat(export.exitCode()).as(export.all()).isZero();
        CliRun sign = CliRun.of(concat(new String[] {"sign", www.toString(), "--app-id", "com.example.shop",
            "--bundle-version", "2.0.0"}, signer));
        assertThat(sign.exitCode()).as(sign.all()).isZero();
        assertThat(sign.all()).doesNotContain(SoftHsm.PIN).doesNotContain("development key");
        assertThat(CliRun.of("verify", www.toString(), "--trusted-keys", trusted.toString()).exitCode()).isZero();
    }

    @Test
    void aPinIsNeverAcceptedOnTheCommandLineAndAMissingPinVariableIsNamed() {
        Path www = Bundles.sample(tmp.resolve("www"));
        CliRun argv = CliRun.of("sign", www.toString(), "--signer", "pkcs11", "--pin", "1234");
        assertThat(argv.exitCode()).isEqualTo(2);
        assertThat(argv.err()).contains("ota sign: unknown option '--pin'").contains("--pin-env").doesNotContain("1234");
        CliRun env = CliRun.of("sign", www.toString(), "--signer", "pkcs11", "--pkcs11-library",
                SoftHsm.LIBRARY.toString(), "--key-label", "x", "--key-id", "k", "--pin-env", "OTA_TEST_UNSET_PIN_VAR");
        assertThat(env.exitCode()).isEqualTo(2);
        assertThat(env.err()).contains("environment variable OTA_TEST_UNSET_PIN_VAR is not set");
    }

    @Test
    void signWithoutManifestOrOptionsExplainsWhatToGive() {
        Path www = Bundles.sample(tmp.resolve("www"));
        CliRun r = CliRun.of("sign", www.toString(), "--signer", "file", "--private-key", "nope.pem", "--key-id", "k");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("nope.pem");
    }

    @Test
    void demoRunsTheWholeFlowAndShowsTheRefusal() {
        CliRun r = DemoRun.shared();
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("valid: com.example.shop 1.0.0").containsPattern("refused: js/[a-z]+\\.js has SHA-256");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
