package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.core.testing.OpenSsl;
import io.otarelease.core.testing.Processes;
import io.otarelease.core.testing.RealParts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ota sign} and {@code ota keys export} take the algorithm from the key where the key decides it, ask for it
 * where two fit (RSA), refuse a key that contradicts {@code --algorithm} naming both, and say why a key file cannot
 * be read. Keys made by openssl as well as by {@code ota keygen}; the real command line.
 */
class SignKeyAlgorithmTest {
    @TempDir
    Path tmp;
    Path www;

    @BeforeEach
    void bundle() throws Exception {
        www = tmp.resolve("www");
        Files.createDirectories(www);
        Files.writeString(www.resolve("index.html"), "<html>ok</html>");
    }

    private Path openssl(String name, String... args) {
        RealParts.require(OpenSsl.available(), "openssl");
        Path out = tmp.resolve(name);
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-out", out.toString()));
        Processes.Result r = Processes.run(cmd);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return out;
    }

    private Path opensslEc() {
        return openssl("ec.pem", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
    }

    private Path opensslRsa() {
        return openssl("rsa.pem", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072");
    }

    private CliRun sign(Path key, String... more) {
        List<String> args = new ArrayList<>(List.of("sign", www.toString(), "--signer", "file", "--private-key",
                key.toString(), "--key-id", "k1", "--app-id", "com.example.shop", "--bundle-version", "1.0.0"));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void anOpensslEcKeySignsWithoutAlgorithmAndVerifies() {
        Path ec = opensslEc();
        CliRun s = sign(ec);
        assertThat(s.exitCode()).as(s.err()).isZero();
        assertThat(s.out()).contains("(ECDSA_SHA_256)");
        Path keys = tmp.resolve("trusted-keys.json");
        CliRun export = CliRun.of("keys", "export", "--signer", "file", "--private-key", ec.toString(), "--key-id", "k1",
                "--trusted-keys", keys.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(CliRun.of("verify", www.toString(), "--trusted-keys", keys.toString()).exitCode()).isZero();
    }

    @Test
    void anRsaKeyWithoutAlgorithmNamesTheTwoThatFitAndSignsOnceOneIsChosen() {
        Path rsa = opensslRsa();
        CliRun s = sign(rsa);
        assertThat(s.exitCode()).isEqualTo(2);
        assertThat(s.err()).contains(rsa + " is an RSA-3072 key, which signs with --algorithm "
                + "RSASSA_PKCS1_V1_5_SHA_256 or RSASSA_PSS_SHA_256").doesNotContain("PKCS#8 PEM EC");
        assertThat(Files.exists(www.resolve("manifest.sig"))).isFalse();

        CliRun pss = sign(rsa, "--algorithm", "RSASSA_PSS_SHA_256");
        assertThat(pss.exitCode()).as(pss.err()).isZero();
        assertThat(pss.out()).contains("(RSASSA_PSS_SHA_256)");
    }

    @Test
    void aToolMadeRsaKeyAsksForTheAlgorithmToo() {
        Path pem = tmp.resolve("dev-rsa.pem");
        assertThat(CliRun.of("keygen", "--algorithm", "RSASSA_PKCS1_V1_5_SHA_256", "--key-id", "k1", "--private-key",
                pem.toString(), "--trusted-keys", tmp.resolve("tk.json").toString()).exitCode()).isZero();
        assertThat(sign(pem).err()).contains("which signs with --algorithm RSASSA_PKCS1_V1_5_SHA_256 or "
                + "RSASSA_PSS_SHA_256");
        assertThat(sign(pem, "--algorithm", "RSASSA_PKCS1_V1_5_SHA_256").exitCode()).isZero();
    }

    @Test
    void aKeyThatContradictsTheAlgorithmNamesBoth() {
        CliRun ecAsRsa = sign(opensslEc(), "--algorithm", "RSASSA_PSS_SHA_256");
        assertThat(ecAsRsa.exitCode()).isEqualTo(2);
        assertThat(ecAsRsa.err()).contains("is an EC P-256 key, but --algorithm RSASSA_PSS_SHA_256 needs an RSA key",
                "this key signs with --algorithm ECDSA_SHA_256");
        CliRun rsaAsEc = sign(opensslRsa(), "--algorithm", "ECDSA_SHA_256");
        assertThat(rsaAsEc.exitCode()).isEqualTo(2);
        assertThat(rsaAsEc.err()).contains("is an RSA-3072 key, but --algorithm ECDSA_SHA_256 needs an EC P-256 key",
                "this key signs with --algorithm RSASSA_PKCS1_V1_5_SHA_256 or RSASSA_PSS_SHA_256");
    }

    @Test
    void anUnreadableKeySaysWhy() throws Exception {
        Path missing = tmp.resolve("nope.pem");
        assertThat(sign(missing).err()).contains("cannot read private key " + missing + ": no such file or directory");
        assertThat(sign(tmp).err()).contains("cannot read private key " + tmp + ": is a directory");

        Path encrypted = openssl("enc.pem", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-aes-256-cbc", "-pass", "pass:dev-passphrase");
        assertThat(sign(encrypted).err()).contains(encrypted + " is an encrypted PEM key", "openssl pkey -in");

        Path rsa = opensslRsa();
        Path pkcs1 = openssl("pkcs1.pem", "pkey", "-in", rsa.toString(), "-traditional");
        assertThat(sign(pkcs1).err()).contains(pkcs1 + " is a PKCS#1 RSA key", "openssl pkey -in " + pkcs1);

        Path pub = openssl("pub.pem", "pkey", "-in", rsa.toString(), "-pubout");
        assertThat(sign(pub).err()).contains(pub + " holds a public key, not a private key");

        Path text = tmp.resolve("notes.txt");
        Files.writeString(text, "hello");
        assertThat(sign(text).err()).contains(text + " is not a PEM file");

        Path ed = openssl("ed.pem", "genpkey", "-algorithm", "ED25519");
        CliRun edSign = sign(ed);
        assertThat(edSign.exitCode()).isEqualTo(2);
        assertThat(edSign.err()).contains(ed + " holds an EdDSA private key; ota signs with EC P-256 or RSA keys");
    }
}
