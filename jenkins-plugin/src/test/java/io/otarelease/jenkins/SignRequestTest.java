package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import io.otarelease.core.sign.SecretRef;
import io.otarelease.core.sign.SignerSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a step call, its profile and the build's environment combine. */
class SignRequestTest {
    static OtaProfile shopProfile() {
        OtaSignerSettings signer = new OtaSignerSettings("pkcs11");
        signer.setKeyId("ota-2026-a");
        signer.setKeyLabel("release-ec");
        signer.setPinCredentialsId("hsm-pin");
        signer.setPkcs11Library("/usr/lib/softhsm/libsofthsm2.so");
        OtaProfile p = new OtaProfile("shop");
        p.setAppId("com.example.shop");
        p.setSigner(signer);
        return p;
    }

    @Test
    void theProfileFillsWhatTheCallLeavesOut() {
        OtaSignStep step = new OtaSignStep("3.4.1");

        SignRequest r = SignRequest.of(step, shopProfile(), Map.of("GIT_COMMIT", "0a1b2c", "BRANCH_NAME", "main",
                "BUILD_URL", "https://ci.example/job/shop/42/"));

        assertThat(r).isEqualTo(new SignRequest("www", "com.example.shop", "3.4.1", null, "0a1b2c", "main",
                "https://ci.example/job/shop/42/", SignerSpec.builder(SignerSpec.Source.JENKINS).type("pkcs11")
                .keyId("ota-2026-a").algorithm("ECDSA_SHA_256")
                .pin(new SecretRef.Credential("hsm-pin", "pinCredentialsId")).keyLabel("release-ec")
                .pkcs11Library(Path.of("/usr/lib/softhsm/libsofthsm2.so"), null, null).build()));
    }

    @Test
    void eachCallValueOverridesTheProfileForThisCallOnly() {
        OtaProfile profile = shopProfile();
        profile.getSigner().setPrivateKeyFile("/var/lib/jenkins/ota/dev.pem");
        OtaSignStep step = new OtaSignStep("3.4.2");
        step.setDir("dist");
        step.setAppId("com.example.shop.beta");
        step.setSigner("file");
        step.setKeyId("dev");
        step.setAlgorithm("RSASSA_PSS_SHA_256");
        step.setPinCredentialsId("other-pin");
        step.setSourceRef("ota/v3.4.2");

        SignRequest r = SignRequest.of(step, profile, Map.of("TAG_NAME", "v0", "BRANCH_NAME", "main"));

        assertThat(r.dir()).isEqualTo("dist");
        assertThat(r.appId()).isEqualTo("com.example.shop.beta");
        assertThat(r.sourceRef()).isEqualTo("ota/v3.4.2");
        assertThat(r.signer()).isEqualTo(SignerSpec.builder(SignerSpec.Source.JENKINS).type("file").keyId("dev")
                .algorithm("RSASSA_PSS_SHA_256").pin(new SecretRef.Credential("other-pin", "pinCredentialsId"))
                .keyLabel("release-ec").pkcs11Library(Path.of("/usr/lib/softhsm/libsofthsm2.so"), null, null)
                .privateKey(Path.of("/var/lib/jenkins/ota/dev.pem")).build());
        assertThat(profile.getSigner().getType()).as("the profile is unchanged").isEqualTo("pkcs11");
        assertThat(profile.getAppId()).isEqualTo("com.example.shop");
    }

    @Test
    void aTagBuildRecordsTheTag() {
        SignRequest r = SignRequest.of(new OtaSignStep("3.4.1"), shopProfile(),
                Map.of("TAG_NAME", "ota/v3.4.1", "BRANCH_NAME", "ota/v3.4.1"));
        assertThat(r.sourceRef()).isEqualTo("ota/v3.4.1");
    }

    @Test
    void withoutAProfileTheCallMustCarryAppIdAndVersion() {
        assertThatThrownBy(() -> SignRequest.of(new OtaSignStep("3.4.1"), null, Map.of()))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessage("otaSign needs appId: set it on the profile or pass appId:");
        assertThatThrownBy(() -> SignRequest.of(new OtaSignStep(" "), shopProfile(), Map.of()))
                .hasMessageStartingWith("otaSign needs version");
        OtaSignStep step = new OtaSignStep("3.4.1");
        step.setAppId("com.example.shop");
        assertThatThrownBy(() -> SignRequest.of(step, null, Map.of())).as("and a signer")
                .hasMessageStartingWith("no signer: set one on the profile or pass signer:");
    }

    @Test
    void profilesAreFoundByNameAndAnUnknownNameListsTheKnownOnes() {
        List<OtaProfile> profiles = List.of(shopProfile(), new OtaProfile("admin"));

        assertThat(Profiles.find(profiles, "shop").getAppId()).isEqualTo("com.example.shop");
        assertThat(Profiles.find(profiles, " ")).isNull();
        assertThatThrownBy(() -> Profiles.find(profiles, "shopp")).isInstanceOf(OtaException.BadInput.class)
                .hasMessage("no OTA Release profile named 'shopp' in Manage Jenkins » System (defined: admin, shop)");
        assertThatThrownBy(() -> Profiles.find(List.of(), "shop")).hasMessageContaining("(none is defined)");
    }

    @Test
    void profileNamesMustBePresentAndUnique() {
        assertThatThrownBy(() -> Profiles.checkNames(List.of(shopProfile(), shopProfile())))
                .hasMessage("two OTA Release profiles are named 'shop'");
        assertThatThrownBy(() -> Profiles.checkNames(List.of(new OtaProfile(" "))))
                .hasMessage("an OTA Release profile has no name");
    }

    @Test
    void errorsReadAsOneLineForTheBuildLog() {
        assertThat(Messages.userError("otaSign", new OtaException.BadInput("missing keyId")))
                .isEqualTo("otaSign: bad input: missing keyId");
        assertThat(Messages.userError("otaVerify", new OtaException.CheckFailed("refused")))
                .isEqualTo("otaVerify: check failed: refused");
        assertThat(Messages.userError("otaSign", new OtaException.Infrastructure("token gone")))
                .isEqualTo("otaSign: infrastructure failed (a retry may help): token gone");
    }

    @Test
    void theBuildPageActionKeepsWhatEachStepRecorded() {
        OtaReleaseAction a = new OtaReleaseAction();
        a.recordSigned(new SignFlow.Outcome("com.example.shop", "3.4.1", "sha256:ab", "ota-2026-a", "ECDSA_SHA_256",
                5, 120));
        a.addGate(new OtaReleaseAction.Entry("bundle-size", "passed", "812 KB"));
        a.recordRollback(new OtaReleaseAction.Entry("production", "3.4.1 → 3.4.0", "crash rate"));

        assertThat(a.getVersion()).isEqualTo("3.4.1");
        assertThat(a.getKeyId()).isEqualTo("ota-2026-a");
        assertThat(a.getGates()).extracting(Object::toString).containsExactly("bundle-size: passed (812 KB)");
        assertThat(a.getRollback().getOutcome()).isEqualTo("3.4.1 → 3.4.0");
        assertThat(a.getUrlName()).isNull();
        assertThat(a.getDisplayName()).isEqualTo("OTA Release");
    }
}
