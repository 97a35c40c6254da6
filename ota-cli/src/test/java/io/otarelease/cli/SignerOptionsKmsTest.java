package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.BundleVerifier;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.testing.FakeKms;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ota keys export} and {@code ota sign} with {@code --signer kms}, through the real SDK and a local KMS. */
class SignerOptionsKmsTest {
    static FakeKms kms;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        System.setProperty("aws.accessKeyId", "AKIDCLITEST");
        System.setProperty("aws.secretAccessKey", "cli-test-secret");
        kms = FakeKms.start("AKIDCLITEST", "cli-test-secret", "us-east-2");
        kms.addKey("cli-key", "ota-cli", KeyGen.generate(Algorithm.ECDSA_SHA_256), "ECC_NIST_P256",
                Algorithm.ECDSA_SHA_256);
    }

    @AfterAll
    static void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (kms != null) {
            kms.close();
        }
    }

    @Test
    void exportThenSignThenVerifyWithAKmsKey() throws Exception {
        Path trusted = tmp.resolve("trusted-keys.json");
        String[] kmsOptions = {"--signer", "kms", "--kms-key", "alias/ota-cli", "--kms-region", "us-east-2",
            "--kms-endpoint", kms.endpoint().toString(), "--key-id", "ota-kms-1", "--algorithm", "ECDSA_SHA_256"};
        assertThat(run(concat(new String[] {"keys", "export", "--trusted-keys", trusted.toString()}, kmsOptions)))
                .isZero();
        assertThat(TrustedKeys.parse(Files.readAllBytes(trusted), "trusted").find("ota-kms-1")).isPresent();

        Path www = tmp.resolve("www");
        Files.createDirectories(www);
        Files.writeString(www.resolve("index.html"), "<html>kms</html>");
        assertThat(run(concat(new String[] {"sign", www.toString(), "--app-id", "com.example.shop",
            "--bundle-version", "1.2.3"}, kmsOptions))).isZero();
        new BundleVerifier(TrustedKeys.parse(Files.readAllBytes(trusted), "trusted")).verify(www);
    }

    @Test
    void aMissingKmsKeyIsABadUsageExitCode() {
        StringWriter err = new StringWriter();
        var cl = Ota.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute("keys", "export", "--trusted-keys", tmp.resolve("t.json").toString(), "--signer", "kms",
                "--key-id", "k", "--kms-region", "us-east-2", "--kms-endpoint", kms.endpoint().toString());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--kms-key").doesNotContain("\tat ");
    }

    private static int run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = Ota.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        if (exit != 0) {
            System.err.println(err);
        }
        return exit;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
