package io.otarelease.core.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.core.OtaException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signer spec's checks, named as each source spells its settings, and the type names with their alias. */
class SignerSpecTest {
    static SignerSpec.Builder remote(SignerSpec.Source source) {
        return SignerSpec.builder(source).type("remote").keyId("ota-ec")
                .signerUrl(URI.create("https://signer.example:8443"));
    }

    @Test
    void aMissingFieldIsNamedAsTheCommandLineOrTheJenkinsProfileSpellsIt() {
        assertThatThrownBy(() -> SignerSpec.builder(SignerSpec.Source.CLI).type("pkcs11").keyId("k").build())
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessage("the pkcs11 signer needs --key-label: the label of the key in the token");
        assertThatThrownBy(() -> SignerSpec.builder(SignerSpec.Source.JENKINS).type("pkcs11").keyId("k").build())
                .hasMessage("the pkcs11 signer needs keyLabel: the label of the key in the token");
        assertThatThrownBy(() -> SignerSpec.builder(SignerSpec.Source.CLI).type("kms").build())
                .hasMessageStartingWith("the kms signer needs --key-id:");
        assertThatThrownBy(() -> remote(SignerSpec.Source.CLI).build())
                .hasMessageStartingWith("the remote signer needs --client-p12:");
        assertThatThrownBy(() -> remote(SignerSpec.Source.JENKINS).build())
                .hasMessageStartingWith("the remote signer needs clientCertificateCredentialsId:");
        assertThatThrownBy(() -> remote(SignerSpec.Source.CLI)
                .clientIdentity(new SecretRef.File(Path.of("ci.p12"), "--client-p12"), null).build())
                .hasMessageContaining("--client-p12-password-env VAR or --client-p12-password-file FILE");
        assertThatThrownBy(() -> SignerSpec.builder(SignerSpec.Source.CLI).type("pkcs11").keyId("k").keyLabel("l")
                .pkcs11Config(Path.of("token.cfg")).build())
                .hasMessageStartingWith("the pkcs11 signer needs --pin-env VAR or --pin-file FILE");
        assertThatThrownBy(() -> SignerSpec.builder(SignerSpec.Source.CLI).build())
                .hasMessageContaining("--signer remote|kms|pkcs11|file");
    }

    @Test
    void jenkinsNeverLendsTheControllersOwnAwsIdentityTheCommandLineMay() {
        SignerSpec cli = SignerSpec.builder(SignerSpec.Source.CLI).type("kms").keyId("k").kms("alias/x", null, null)
                .build();
        assertThat(cli.awsCredentials()).isNull();
        assertThatThrownBy(() -> SignerSpec.builder(SignerSpec.Source.JENKINS).type("kms").keyId("k")
                .kms("alias/x", null, null).build())
                .hasMessageContaining("needs awsCredentialsId").hasMessageContaining("own AWS identity is never used");
    }

    @Test
    void hsmIsAnotherNameForRemoteAndAnUnknownTypeListsTheAcceptedNames() {
        SignerSpec spec = SignerSpec.builder(SignerSpec.Source.JENKINS).type("hsm").keyId("ota-ec")
                .signerUrl(URI.create("https://signer.example:8443"))
                .clientIdentity(new SecretRef.Credential("ci-cert", "clientCertificateCredentialsId"), null)
                .serverCa(new SecretRef.Credential("signer-ca", "serverCaCredentialsId")).build();
        assertThat(spec.type()).isEqualTo(SignerType.REMOTE);
        assertThat(SignerType.parse(" hsm ", "--signer")).isEqualTo(SignerType.REMOTE);
        assertThat(SignerType.parse("remote", "--signer")).isEqualTo(SignerType.REMOTE);
        assertThatThrownBy(() -> SignerType.parse("yubikey", "--signer"))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessage("unknown signer 'yubikey' in --signer (expected remote, kms, pkcs11 or file (hsm is "
                        + "another name for remote))");
    }

    @Test
    void theSpecIsCheckedWhenBuiltAndShowsNoSecretRefs() {
        SignerSpec spec = SignerSpec.builder(SignerSpec.Source.CLI).type("pkcs11").keyId("k").keyLabel("l")
                .pkcs11Library(Path.of("/usr/lib/softhsm/libsofthsm2.so"), 3L, null).algorithm("ECDSA_SHA_256")
                .pin(new SecretRef.Env("OTA_PIN", "--pin-env")).build();
        assertThat(spec.algorithm()).isEqualTo(Algorithm.ECDSA_SHA_256);
        assertThat(spec.token()).isEqualTo(Pkcs11Signer.TokenConfig.ofLibrary(
                Path.of("/usr/lib/softhsm/libsofthsm2.so"), 3L, null));
        assertThat(spec.toString()).doesNotContain("OTA_PIN");
        assertThatThrownBy(() -> SignerSpec.builder(SignerSpec.Source.CLI).type("file").keyId("k")
                .privateKey(Path.of("k.pem")).algorithm("RSA_WHATEVER").build())
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("RSA_WHATEVER");
    }

    @Test
    void theLocalResolverRefusesAJenkinsCredentialAndNamesTheOption() {
        LocalSecrets local = new LocalSecrets(Map.of("OTA_PIN", "1234"));
        assertThat(local.text(new SecretRef.Env("OTA_PIN", "--pin-env")).revealString()).isEqualTo("1234");
        assertThatThrownBy(() -> local.text(new SecretRef.Credential("hsm-pin", "pinCredentialsId")))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessageStartingWith("credential 'hsm-pin' (pinCredentialsId) names a Jenkins credential");
    }
}
