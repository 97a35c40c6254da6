package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import io.otarelease.core.OtaException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.junit.jupiter.api.Test;

class CredentialResolverTest {
    final List<String> looked = new ArrayList<>();
    final Map<String, Object> store = Map.of(
            "hsm-pin", new FakeCredentials.Text("hsm-pin"),
            "signer-ca", new FakeCredentials.File("signer-ca"),
            "deploy-key", new FakeCredentials.SshUserPrivateKey("deploy-key"));
    final CredentialResolver resolver = new CredentialResolver(id -> {
        looked.add(id);
        return store.get(id);
    });

    @Test
    void returnsTheCredentialOfTheExpectedKindWithoutReadingTheSecret() throws Exception {
        StringCredentials pin = resolver.require("hsm-pin", StringCredentials.class, "pinCredentialsId",
                "the pkcs11 signer");

        assertThat(pin.getId()).isEqualTo("hsm-pin");
        assertThat(looked).containsExactly("hsm-pin");
    }

    @Test
    void aMissingCredentialIsNamedWithItsFieldAndTheKindToAdd() {
        assertThatThrownBy(() -> resolver.require("hsm-pinn", StringCredentials.class, "pinCredentialsId",
                "the pkcs11 signer"))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessage("Credentials 'hsm-pinn' (pinCredentialsId) were not found for this build: add a Secret "
                        + "text credential with this id to the global store or to a folder containing this job");
    }

    @Test
    void aCredentialOfAnotherKindNamesBothKinds() {
        assertThatThrownBy(() -> resolver.require("signer-ca", StringCredentials.class, "pinCredentialsId",
                "the pkcs11 signer"))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessage("Credentials 'signer-ca' (pinCredentialsId) are of type 'Secret file' where 'Secret text'"
                        + " was expected");
    }

    @Test
    void aKindWeDoNotKnowIsNamedByItsClass() {
        assertThatThrownBy(() -> resolver.require("deploy-key", FileCredentials.class, "serverCaCredentialsId",
                "the hsm signer"))
                .hasMessage("Credentials 'deploy-key' (serverCaCredentialsId) are of type 'SshUserPrivateKey' where "
                        + "'Secret file' was expected");
    }

    @Test
    void anEmptyIdSaysWhatNeedsItAndNeverLooksUp() {
        assertThatThrownBy(() -> resolver.require("  ", StandardCertificateCredentials.class,
                "clientCertificateCredentialsId", "the hsm signer"))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessage("the hsm signer needs clientCertificateCredentialsId: the id of a Certificate credential");
        assertThatThrownBy(() -> resolver.require(null, AmazonWebServicesCredentials.class, "awsCredentialsId",
                "the kms signer"))
                .hasMessage("the kms signer needs awsCredentialsId: the id of an AWS Credentials credential");
        assertThat(looked).isEmpty();
    }

    @Test
    void aLookupFailureIsNotReportedAsAMissingCredential() {
        CredentialResolver failing = new CredentialResolver(id -> {
            throw new IOException("credentials store unavailable");
        });

        assertThatThrownBy(() -> failing.require("hsm-pin", StringCredentials.class, "pinCredentialsId", "x"))
                .isInstanceOf(IOException.class).hasMessage("credentials store unavailable");
    }

    @Test
    void onlyTheKindsOtaReleaseReadsAreAccepted() {
        assertThatThrownBy(() -> resolver.require("hsm-pin", String.class, "f", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
