package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.OtaException;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SignerFactory;
import io.otarelease.core.sign.SignerSpec;
import io.otarelease.core.testing.Bundles;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** otaVerify's agent callable against bundles signed by the real flow, and the step's decisions on its result. */
class VerifyBundleTest {
    @TempDir
    Path ws;
    Path www;

    @BeforeEach
    void signABundle() throws Exception {
        www = Bundles.sample(Files.createDirectories(ws.resolve("www")));
        Path key = ws.resolve("dev.pem");
        Files.writeString(key, KeyGen.privateKeyPem(KeyGen.generate(Algorithm.ECDSA_SHA_256)));
        SignerSpec spec = SignFlowTest.file("ota-dev", "ECDSA_SHA_256", key);
        SignRequest req = new SignRequest("www", "com.example.shop", "3.4.1", null, null, null, null, spec);
        try (Signer signer = SignerFactory.open(spec, new TestSecrets(), w -> { })) {
            SignFlow.run(new Local.Agent(www), req, signer, SignFlowTest.CLOCK, null, 0, new PrintStream(
                    java.io.OutputStream.nullOutputStream()));
            Files.createDirectories(ws.resolve("keys"));
            Files.write(ws.resolve("keys/trusted-keys.json"),
                    new TrustedKeys(List.of(signer.trustedKey())).toCanonicalBytes());
        }
    }

    VerifyBundle.Result verify(String dir, String keys) throws Exception {
        return new Local.Agent(ws).act(new VerifyBundle(dir, keys));
    }

    @Test
    void aSignedBundleIsValidAndDescribed() throws Exception {
        VerifyBundle.Result r = verify("www", "keys/trusted-keys.json");

        assertThat(r.valid()).isTrue();
        Map<String, Object> out = new OtaVerifyStep.Request("www", "keys/trusted-keys.json", "com.example.shop")
                .outcome(r);
        assertThat(out).containsEntry("appId", "com.example.shop").containsEntry("version", "3.4.1")
                .containsEntry("keyId", "ota-dev").containsEntry("algorithm", "ECDSA_SHA_256")
                .containsEntry("fileCount", 5);
        assertThat((String) out.get("bundleHash")).startsWith("sha256:");
    }

    @Test
    void aChangedFileIsRefusedWithTheReasonAndFailsTheStep() throws Exception {
        Bundles.write(www, Map.of("css/app.css", "body { display: none }\n"));

        VerifyBundle.Result r = verify("www", "keys/trusted-keys.json");

        assertThat(r.valid()).isFalse();
        assertThat(r.reason()).isEqualTo("FILE_CHANGED");
        assertThat(r.refusal()).contains("css/app.css");
        assertThatThrownBy(() -> new OtaVerifyStep.Request("www", "k", null).outcome(r))
                .isInstanceOf(OtaException.CheckFailed.class)
                .hasMessageStartingWith("www would be refused by devices: ").hasMessageContaining("css/app.css");
    }

    @Test
    void anExtraFileAndAnUntrustedKeyAreRefused() throws Exception {
        Bundles.write(www, Map.of("js/injected.js", "steal();\n"));
        assertThat(verify("www", "keys/trusted-keys.json").reason()).isEqualTo("FILE_UNLISTED");

        Files.delete(www.resolve("js/injected.js"));
        Files.write(ws.resolve("keys/other.json"), new TrustedKeys(List.of(new io.otarelease.client.signature
                .TrustedKey("ota-dev", Algorithm.ECDSA_SHA_256, KeyGen.generate(Algorithm.ECDSA_SHA_256)
                .getPublic()))).toCanonicalBytes());
        assertThat(verify("www", "keys/other.json").reason()).isEqualTo("BAD_SIGNATURE");
    }

    @Test
    void aBundleForAnotherAppFailsTheStep() throws Exception {
        VerifyBundle.Result r = verify("www", "keys/trusted-keys.json");

        assertThatThrownBy(() -> new OtaVerifyStep.Request("www", "k", "com.example.other").outcome(r))
                .hasMessage("www is signed for app com.example.shop, not com.example.other");
    }

    @Test
    void missingOrMalformedTrustedKeysNameTheFile() throws Exception {
        assertThatThrownBy(() -> verify("www", "keys/nope.json")).isInstanceOf(OtaException.BadInput.class)
                .hasMessage("trusted keys file keys/nope.json does not exist in the workspace");
        Files.writeString(ws.resolve("keys/bad.json"), "{\"schema\":\"ota-keys/1\",\"keys\":[{\"keyId\":1}]}");
        assertThatThrownBy(() -> verify("www", "keys/bad.json")).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("keys/bad.json");
    }

    @Test
    void theProfileSuppliesTrustedKeysAndAppIdUnlessTheCallOverrides() {
        OtaProfile profile = new OtaProfile("shop");
        profile.setTrustedKeys("keys/trusted-keys.json");
        profile.setAppId("com.example.shop");
        OtaVerifyStep step = new OtaVerifyStep();

        assertThat(OtaVerifyStep.Request.of(step, profile))
                .isEqualTo(new OtaVerifyStep.Request("www", "keys/trusted-keys.json", "com.example.shop"));
        step.setTrustedKeys("other.json");
        step.setDir("dist");
        assertThat(OtaVerifyStep.Request.of(step, profile))
                .isEqualTo(new OtaVerifyStep.Request("dist", "other.json", "com.example.shop"));
        assertThatThrownBy(() -> OtaVerifyStep.Request.of(new OtaVerifyStep(), null))
                .isInstanceOf(OtaException.BadInput.class).hasMessageStartingWith("otaVerify needs trustedKeys");
    }
}
