package io.otarelease.core.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.core.OtaException;
import io.otarelease.core.testing.FakeKms;
import io.otarelease.core.testing.OpenSsl;
import io.otarelease.core.testing.RealParts;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The KMS signer through the real AWS SDK v2 client, against {@link FakeKms} on loopback (the KMS JSON 1.1
 * protocol with SigV4 checked). Credentials come from the SDK's standard chain (its system properties here).
 */
class KmsSignerTest {
    static final String REGION = "eu-west-1";
    static FakeKms kms;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        System.setProperty("aws.accessKeyId", "AKIDOTATEST");
        System.setProperty("aws.secretAccessKey", "ota-test-secret");
        kms = FakeKms.start("AKIDOTATEST", "ota-test-secret", REGION);
        kms.addKey("1234abcd-ec", "ota-release-ec", KeyGen.generate(Algorithm.ECDSA_SHA_256), "ECC_NIST_P256",
                Algorithm.ECDSA_SHA_256);
        KeyPair rsa = KeyGen.generate(Algorithm.RSASSA_PSS_SHA_256);
        kms.addKey("1234abcd-rsa", "ota-release-rsa", rsa, "RSA_3072", Algorithm.RSASSA_PKCS1_V1_5_SHA_256,
                Algorithm.RSASSA_PSS_SHA_256);
    }

    @AfterAll
    static void stop() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        if (kms != null) {
            kms.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"alias/ota-release-ec, ECDSA_SHA_256", "1234abcd-rsa, RSASSA_PKCS1_V1_5_SHA_256",
        "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-rsa, RSASSA_PSS_SHA_256"})
    void kmsSignaturesOverTheDigestVerifyWithOpenssl(String kmsKey, Algorithm algorithm) throws Exception {
        RealParts.require(OpenSsl.available(), "openssl");
        Path message = tmp.resolve("manifest.json");
        Files.writeString(message, "{\"schema\":\"ota-manifest/1\",\"kms\":\"" + algorithm + "\"}");
        try (KmsSigner signer = KmsSigner.open(kmsKey, "ota-2026-kms", algorithm, REGION, kms.endpoint())) {
            SignatureEnvelope env = new SigningService(signer, Clock.systemUTC()).sign(Files.readAllBytes(message),
                    "manifest.json");
            assertThat(env.keyId()).isEqualTo("ota-2026-kms");
            assertThat(OpenSsl.verifies(signer.publicKey(), env, message)).isTrue();
        }
        assertThat(kms.requests).anyMatch(r -> r.startsWith("TrentService.Sign ") && r.contains("\"MessageType\":"
                + "\"DIGEST\""));
        assertThat(kms.requests).anyMatch(r -> r.startsWith("TrentService.GetPublicKey "));
    }

    @Test
    void theFactoryOpensAKmsSignerFromTheSignerOptions() throws Exception {
        SignerSpec.Builder c = SignerSpec.builder(SignerSpec.Source.CLI).type("kms").keyId("ota-kms")
                .algorithm("ECDSA_SHA_256").kms("alias/ota-release-ec", REGION, kms.endpoint());
        try (Signer s = SignerFactory.open(c.build(), new LocalSecrets(Map.of()), w -> { })) {
            assertThat(s.trustedKey().keyId()).isEqualTo("ota-kms");
            assertThat(s.describe()).contains("alias/ota-release-ec");
        }
        c.kms(null, REGION, kms.endpoint());
        assertThatThrownBy(c::build).hasMessageContaining("--kms-key");
    }

    @Test
    void anUnknownKeyOrAnAlgorithmTheKeyLacksIsNamed() {
        assertThatThrownBy(() -> KmsSigner.open("alias/nope", "k", Algorithm.ECDSA_SHA_256, REGION, kms.endpoint()))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("NotFoundException")
                .hasMessageContaining("alias/nope");
        assertThatThrownBy(() -> KmsSigner.open("alias/ota-release-ec", "k", Algorithm.RSASSA_PSS_SHA_256, REGION,
                kms.endpoint())).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("KMS key alias/ota-release-ec is an EC P-256 key, but --algorithm "
                        + "RSASSA_PSS_SHA_256 needs an RSA key");
    }

    @Test
    void withoutAnAlgorithmTheKeyDecidesWhereItCanAndAnRsaKeyAsksForOne() {
        try (KmsSigner signer = KmsSigner.open("alias/ota-release-ec", "k", null, REGION, kms.endpoint())) {
            assertThat(signer.algorithm()).isEqualTo(Algorithm.ECDSA_SHA_256);
        }
        assertThatThrownBy(() -> KmsSigner.open("alias/ota-release-rsa", "k", null, REGION, kms.endpoint()))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("KMS key alias/ota-release-rsa is an RSA-3072 key, which signs with --algorithm "
                        + "RSASSA_PKCS1_V1_5_SHA_256 or RSASSA_PSS_SHA_256");
    }

    @Test
    void wrongCredentialsAreRefusedByTheSignatureCheck() {
        System.setProperty("aws.secretAccessKey", "not-the-secret");
        try {
            assertThatThrownBy(() -> KmsSigner.open("alias/ota-release-ec", "k", Algorithm.ECDSA_SHA_256, REGION,
                    kms.endpoint())).isInstanceOf(OtaException.BadInput.class)
                    .hasMessageContaining("InvalidSignatureException")
                    .hasMessageNotContaining("not-the-secret");
        } finally {
            System.setProperty("aws.secretAccessKey", "ota-test-secret");
        }
    }

    @Test
    void theStandInRefusesUnsignedRequestsAsKmsDoes() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(kms.endpoint())
                .header("X-Amz-Target", "TrentService.GetPublicKey")
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"KeyId\":\"alias/ota-release-ec\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("MissingAuthenticationTokenException");
    }
}
