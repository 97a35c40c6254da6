package io.otarelease.core.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import io.otarelease.core.testing.OpenSsl;
import io.otarelease.core.testing.RealParts;
import io.otarelease.core.testing.SoftHsm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every signer and algorithm produces signatures that openssl, an independent implementation, accepts. */
class SignersVerifyWithOpenSslTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-29T14:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;
    Path message;

    @BeforeEach
    void writeMessage() throws Exception {
        RealParts.require(OpenSsl.available(), "openssl");
        message = tmp.resolve("manifest.json");
        Files.writeString(message, "{\"schema\":\"ota-manifest/1\",\"version\":\"3.4.1\"}", StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void fileSignerSignaturesVerifyWithOpenssl(Algorithm algorithm) throws Exception {
        FileSigner signer = devKey(algorithm);
        SignatureEnvelope env = new SigningService(signer, CLOCK).sign(Files.readAllBytes(message), "manifest.json");

        assertThat(env.keyId()).isEqualTo("dev");
        assertThat(env.algorithm()).isEqualTo(algorithm);
        assertThat(env.signedAt()).isEqualTo("2026-03-29T14:00:00Z");
        assertThat(OpenSsl.verifies(signer.publicKey(), env, message)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void opensslRejectsTheSignatureOverOtherBytes(Algorithm algorithm) throws Exception {
        FileSigner signer = devKey(algorithm);
        SignatureEnvelope env = new SigningService(signer, CLOCK).sign(Files.readAllBytes(message), "manifest.json");
        Files.writeString(message, " ", java.nio.file.StandardOpenOption.APPEND);

        assertThat(OpenSsl.verifies(signer.publicKey(), env, message)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void pkcs11SignaturesMadeInsideSoftHsmVerifyWithOpenssl(Algorithm algorithm) throws Exception {
        SoftHsm hsm = SoftHsm.shared();
        String label = algorithm == Algorithm.ECDSA_SHA_256 ? SoftHsm.EC_KEY : SoftHsm.RSA_KEY;
        try (Pkcs11Signer signer = Pkcs11Signer.open(Pkcs11Signer.TokenConfig.ofFile(hsm.pkcs11Config()), label,
                "ota-2026-a", algorithm, Secret.of(SoftHsm.PIN.toCharArray(), "test"))) {
            SignatureEnvelope env = new SigningService(signer, CLOCK).sign(Files.readAllBytes(message),
                    "manifest.json");
            assertThat(OpenSsl.verifies(signer.publicKey(), env, message)).isTrue();
        }
    }

    @Test
    void pkcs11ThroughLibraryAndSlotIdFindsTheSameKey() throws Exception {
        SoftHsm hsm = SoftHsm.shared();
        long slot = Long.parseLong(Files.readString(hsm.pkcs11Config()).replaceAll("(?s).*slot = (\\d+).*", "$1"));
        Pkcs11Signer signer = Pkcs11Signer.open(Pkcs11Signer.TokenConfig.ofLibrary(SoftHsm.LIBRARY, slot, null),
                SoftHsm.EC_KEY, "k", Algorithm.ECDSA_SHA_256, Secret.of(SoftHsm.PIN.toCharArray(), "test"));
        assertThat(signer.signDigest(new byte[32])).isNotEmpty();
    }

    @Test
    void pkcs11WrongPinIsRefusedWithoutShowingIt() {
        SoftHsm hsm = SoftHsm.shared();
        assertThatThrownBy(() -> Pkcs11Signer.open(Pkcs11Signer.TokenConfig.ofFile(hsm.untouchedTokenConfig()),
                SoftHsm.EC_KEY, "k", Algorithm.ECDSA_SHA_256, Secret.of("9999-wrong".toCharArray(), "env OTA_PIN")))
                .isInstanceOf(OtaException.class)
                .hasMessageContaining("env OTA_PIN")
                .hasMessageNotContaining("9999-wrong");
    }

    @Test
    void pkcs11UnknownLabelAndAlgorithmMismatchAreNamed() {
        SoftHsm hsm = SoftHsm.shared();
        var token = Pkcs11Signer.TokenConfig.ofFile(hsm.pkcs11Config());
        Secret pin = Secret.of(SoftHsm.PIN.toCharArray(), "test");
        assertThatThrownBy(() -> Pkcs11Signer.open(token, "no-such-key", "k", Algorithm.ECDSA_SHA_256, pin))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("no-such-key");
        assertThatThrownBy(() -> Pkcs11Signer.open(token, SoftHsm.EC_KEY, "k", Algorithm.RSASSA_PSS_SHA_256, pin))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("is an EC P-256 key, but --algorithm RSASSA_PSS_SHA_256 needs an RSA key");
        try (Pkcs11Signer inferred = Pkcs11Signer.open(token, SoftHsm.EC_KEY, "k", null, pin)) {
            assertThat(inferred.algorithm()).isEqualTo(Algorithm.ECDSA_SHA_256);
        }
        assertThatThrownBy(() -> Pkcs11Signer.open(token, SoftHsm.RSA_KEY, "k", null, pin))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("which signs with --algorithm RSASSA_PKCS1_V1_5_SHA_256 or RSASSA_PSS_SHA_256");
    }

    @Test
    void aSignerReturningAWrongSignatureNeverProducesAnEnvelope() {
        FileSigner real = devKey(Algorithm.ECDSA_SHA_256);
        Signer liar = new Signer() {
            public String keyId() {
                return real.keyId();
            }

            public Algorithm algorithm() {
                return real.algorithm();
            }

            public java.security.PublicKey publicKey() {
                return real.publicKey();
            }

            public byte[] signDigest(byte[] sha256) {
                return real.signDigest(new byte[32]); // a valid signature, over the wrong digest
            }

            public String describe() {
                return "a faulty signer";
            }
        };
        assertThatThrownBy(() -> new SigningService(liar, CLOCK).sign(new byte[] {1, 2, 3}, "manifest.json"))
                .isInstanceOf(SigningException.class)
                .hasMessageContaining("does not verify");
    }

    @Test
    void pemFromOpensslGenpkeyLoadsAndSigns() throws Exception {
        Path pem = tmp.resolve("ec.pem");
        var r = io.otarelease.core.testing.Processes.run(java.util.List.of("openssl", "genpkey", "-algorithm", "EC",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-out", pem.toString()));
        assertThat(r.exitCode()).isZero();
        FileSigner signer = FileSigner.load(pem, "openssl-made", Algorithm.ECDSA_SHA_256);
        SignatureEnvelope env = new SigningService(signer, CLOCK).sign(Files.readAllBytes(message), "manifest.json");
        assertThat(OpenSsl.verifies(signer.publicKey(), env, message)).isTrue();
    }

    private FileSigner devKey(Algorithm algorithm) {
        try {
            KeyPair pair = KeyGen.generate(algorithm);
            Path pem = tmp.resolve(algorithm + ".pem");
            Files.writeString(pem, KeyGen.privateKeyPem(pair));
            return FileSigner.load(pem, "dev", algorithm);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
