package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.core.testing.Bundles;
import io.otarelease.core.testing.Processes;
import io.otarelease.core.testing.RealParts;
import io.otarelease.core.testing.SoftHsm;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that touches a secret runs as a real process with the secrets in its environment — the HSM PIN, a
 * wrong PIN, the client keystore password, AWS keys, a webhook URL — on success and on failure paths; afterwards no
 * secret appears in any output or in any file under the work folder (the credentials-binding test, for the CLI).
 */
class SecretsLeakTest {
    static final String BAD_PIN = "wrong-pin-Qx7-leakcheck";
    static final String P12_PASSWORD = "p12-pass-Vb3-leakcheck";
    static final String AWS_SECRET = "aws-secret-Hk2q9ZtLeakCheck0000000000000000";
    static final String AWS_KEY = "AKIALEAKCHECK0000000";
    static final String WEBHOOK = "https://hooks.example.invalid/services/T000/B000/leakcheckWebhookToken";
    static final Map<String, String> ENV = Map.of("OTA_PIN", SoftHsm.PIN, "OTA_BAD_PIN", BAD_PIN,
            "OTA_P12_PASSWORD", P12_PASSWORD, "AWS_ACCESS_KEY_ID", AWS_KEY, "AWS_SECRET_ACCESS_KEY", AWS_SECRET,
            "OTA_WEBHOOK_URL", WEBHOOK);

    @TempDir
    Path tmp;
    final List<String> transcript = new ArrayList<>();

    Processes.Result ota(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.otarelease.cli.Ota"));
        cmd.addAll(List.of(args));
        Processes.Result r = Processes.run(tmp, ENV, cmd);
        transcript.add("$ ota " + String.join(" ", args) + "\n[exit " + r.exitCode() + "]\n" + r.output());
        return r;
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void noSecretAppearsInOutputsOrFilesOnSuccessAndFailurePaths() throws Exception {
        RealParts.require(SoftHsm.available(), "SoftHSM2");
        SoftHsm hsm = SoftHsm.shared();
        Path www = Bundles.sample(tmp.resolve("www"));
        String trusted = tmp.resolve("trusted-keys.json").toString();
        String[] hsmSigner = {"--signer", "pkcs11", "--pkcs11-config", hsm.pkcs11Config().toString(), "--key-label",
            SoftHsm.EC_KEY, "--pin-env", "OTA_PIN", "--key-id", "hsm-ec", "--algorithm", "ECDSA_SHA_256"};
        String dead = "http://127.0.0.1:" + closedPort();

        assertThat(ota(cat(new String[] {"keys", "export", "--trusted-keys", trusted}, hsmSigner)).exitCode()).isZero();
        assertThat(ota(cat(new String[] {"sign", www.toString(), "--app-id", "com.example.shop", "--bundle-version",
            "1.0.0"}, hsmSigner)).exitCode()).isZero();
        assertThat(ota("verify", www.toString(), "--trusted-keys", trusted).exitCode()).isZero();
        String staging = "file://" + tmp.resolve("staging");
        String prod = "file://" + tmp.resolve("prod");
        assertThat(ota("stage", www.toString(), "--store", staging, "--trusted-keys", trusted).exitCode()).isZero();
        Processes.Result promote = ota(cat(new String[] {"promote", "1.0.0", "--from-store", staging, "--store", prod,
            "--percent", "5", "--app-id", "com.example.shop", "--trusted-keys", trusted}, hsmSigner));
        assertThat(promote.exitCode()).as(promote.output()).isZero();
        assertThat(ota(cat(new String[] {"keys", "init", "--trust-dir", tmp.resolve("trust").toString(), "--app-id",
            "com.example.shop", "--root-keys", trusted, "--threshold", "1", "--release-keys", trusted,
            "--channel-keys", trusted}, hsmSigner)).exitCode()).isZero();

        // failure paths: a wrong PIN, an unreachable KMS, S3 and signing server with real credentials set
        Processes.Result wrongPin = ota("sign", www.toString(), "--signer", "pkcs11", "--pkcs11-config",
                hsm.untouchedTokenConfig().toString(), "--key-label", SoftHsm.EC_KEY, "--pin-env", "OTA_BAD_PIN",
                "--key-id", "k", "--algorithm", "ECDSA_SHA_256");
        assertThat(wrongPin.exitCode()).isNotZero();
        Processes.Result kms = ota("sign", www.toString(), "--signer", "kms", "--kms-key", "alias/ota-release",
                "--key-id", "kms-1", "--kms-region", "eu-west-1", "--kms-endpoint", dead);
        assertThat(kms.exitCode()).isEqualTo(3);
        Processes.Result s3 = ota("stage", www.toString(), "--store", "s3://ota-releases/prod", "--s3-endpoint", dead,
                "--s3-region", "eu-west-1", "--path-style", "--trusted-keys", trusted);
        assertThat(s3.exitCode()).isEqualTo(3);
        Path p12 = tmp.resolve("client.p12");
        Processes.Result keytool = Processes.run(tmp, ENV, List.of(Path.of(System.getProperty("java.home"), "bin",
                "keytool").toString(), "-genkeypair", "-alias", "client", "-keyalg", "EC", "-dname", "CN=ci",
                "-storetype", "PKCS12", "-keystore", p12.toString(), "-storepass:env", "OTA_P12_PASSWORD"));
        assertThat(keytool.exitCode()).as(keytool.output()).isZero();
        Processes.Result remote = ota("sign", www.toString(), "--signer", "remote", "--signer-url",
                "https://127.0.0.1:" + closedPort(), "--client-p12", p12.toString(), "--client-p12-password-env",
                "OTA_P12_PASSWORD", "--key-id", "remote-1");
        assertThat(remote.exitCode()).isNotZero();

        String all = String.join("\n", transcript);
        for (String secret : List.of(SoftHsm.PIN, BAD_PIN, P12_PASSWORD, AWS_SECRET, WEBHOOK)) {
            assertThat(all).as("output of every command").doesNotContain(secret);
            assertThat(filesContaining(secret)).as("files holding " + secret).isEmpty();
        }
        assertThat(all).doesNotContain("\tat io.otarelease").doesNotContain("\tat java.");
    }

    private List<Path> filesContaining(String secret) throws IOException {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        List<Path> hits = new ArrayList<>();
        try (Stream<Path> s = Files.walk(tmp)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(p), needle) >= 0) {
                    hits.add(p);
                }
            }
        }
        return hits;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String[] cat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
