package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.signature.TrustedKeys;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys an operator cannot lose or double by mistake: keygen over a trusted id, one root key listed twice. */
class TrustHygieneCommandsTest {
    @TempDir
    Path tmp;

    CliRun keygen(String id, String pem, String algorithm, String... more) {
        String[] base = {"keygen", "--key-id", id, "--algorithm", algorithm, "--private-key",
            tmp.resolve(pem).toString(), "--trusted-keys", tmp.resolve("trusted-keys.json").toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return CliRun.of(all);
    }

    @Test
    void keygenRefusesToReplaceATrustedKeyIdWithoutForce() throws Exception {
        assertThat(keygen("dev-a", "a.pem", "ECDSA_SHA_256").exitCode()).isZero();
        Path trusted = tmp.resolve("trusted-keys.json");
        byte[] before = Files.readAllBytes(trusted);

        CliRun again = keygen("dev-a", "a2.pem", "ECDSA_SHA_256");
        assertThat(again.exitCode()).as(again.all()).isEqualTo(2);
        assertThat(again.err()).contains("key id dev-a is already trusted in " + trusted, "--force")
                .doesNotContain("Exception");
        assertThat(Files.readAllBytes(trusted)).isEqualTo(before);
        assertThat(tmp.resolve("a2.pem")).doesNotExist();

        CliRun forced = keygen("dev-a", "a2.pem", "ECDSA_SHA_256", "--force");
        assertThat(forced.exitCode()).as(forced.all()).isZero();
        assertThat(Files.readAllBytes(trusted)).isNotEqualTo(before);
        assertThat(TrustedKeys.parse(Files.readAllBytes(trusted), "t").keys()).hasSize(1);
    }

    @Test
    void keysInitRefusesARootListingOneRsaKeyTwiceInAnotherEncoding() throws Exception {
        assertThat(keygen("root-1", "root-1.pem", "RSASSA_PKCS1_V1_5_SHA_256").exitCode()).isZero();
        assertThat(keygen("release-1", "release-1.pem", "ECDSA_SHA_256").exitCode()).isZero();
        Path trusted = tmp.resolve("trusted-keys.json");
        String json = Files.readString(trusted);
        TrustedKeys keys = TrustedKeys.parse(json.getBytes(StandardCharsets.UTF_8), "t");
        RSAPublicKey rsa = (RSAPublicKey) keys.find("root-1").orElseThrow().publicKey();
        // roots.json: root-1 and a "root-2" that is root-1's key with a redundant leading zero in its modulus
        String root1 = "{\"algorithm\":\"RSASSA_PKCS1_V1_5_SHA_256\",\"keyId\":\"root-1\",\"publicKey\":\""
                + Base64.getEncoder().encodeToString(rsa.getEncoded()) + "\"}";
        String root2 = root1.replace("root-1", "root-2").replace(Base64.getEncoder().encodeToString(rsa.getEncoded()),
                Base64.getEncoder().encodeToString(reencoded(rsa)));
        Files.writeString(tmp.resolve("roots.json"), "{\"keys\":[" + root1 + "," + root2
                + "],\"schema\":\"ota-keys/1\"}");
        assertThat(TrustedKeys.parse(Files.readAllBytes(tmp.resolve("roots.json")), "roots").keys()).hasSize(2);

        CliRun init = CliRun.of("keys", "init", "--app-id", "com.example.shop", "--root-keys",
                tmp.resolve("roots.json").toString(), "--threshold", "2", "--release-keys", trusted.toString(),
                "--channel-keys", trusted.toString(), "--trust-dir", tmp.resolve("trust").toString(), "--signer", "file",
                "--private-key", tmp.resolve("root-1.pem").toString(), "--key-id", "root-1", "--algorithm",
                "RSASSA_PKCS1_V1_5_SHA_256");
        assertThat(init.exitCode()).as(init.all()).isEqualTo(2);
        assertThat(init.err()).contains("\"root-2\" is listed twice under different ids", "same key as \"root-1\"");
        assertThat(tmp.resolve("trust/root/1.json")).doesNotExist();
    }

    /** The same RSA key as SubjectPublicKeyInfo DER written by hand, with a redundant leading zero in the modulus. */
    static byte[] reencoded(RSAPublicKey rsa) {
        byte[] modulus = rsa.getModulus().toByteArray();
        byte[] padded = new byte[modulus.length + 1];
        System.arraycopy(modulus, 0, padded, 1, modulus.length);
        byte[] rsaKey = der(0x30, der(0x02, padded), der(0x02, rsa.getPublicExponent().toByteArray()));
        byte[] algorithm = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01,
            0x05, 0x00};
        byte[] bits = new byte[rsaKey.length + 1];
        System.arraycopy(rsaKey, 0, bits, 1, rsaKey.length);
        byte[] spki = der(0x30, der(0x30, algorithm), der(0x03, bits));
        assertThat(spki).isNotEqualTo(rsa.getEncoded());
        return spki;
    }

    static byte[] der(int tag, byte[]... parts) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            value.writeBytes(p);
        }
        int n = value.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (n >= 0x100) {
            out.write(0x82);
            out.write(n >> 8);
        } else if (n >= 0x80) {
            out.write(0x81);
        }
        out.write(n & 0xff);
        out.writeBytes(value.toByteArray());
        return out.toByteArray();
    }
}
