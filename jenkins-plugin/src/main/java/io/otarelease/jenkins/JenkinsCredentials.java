package io.otarelease.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.model.Run;
import io.otarelease.core.Secret;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The only place that touches Jenkins credentials. {@code findCredentialById} resolves the id for the running build
 * (folder and global stores, build parameters) and records the use in the credential's fingerprint. A
 * {@code hudson.util.Secret} is opened only here, at the moment a signer needs it, into an ota-core {@link Secret}
 * whose {@code toString} never shows the value.
 */
final class JenkinsCredentials {
    private JenkinsCredentials() {
    }

    static CredentialResolver.Lookup forRun(Run<?, ?> run) {
        return id -> CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
    }

    static SignerSecrets signerSecrets(CredentialResolver resolver) {
        return id -> {
            StringCredentials c = resolver.require(id, StringCredentials.class, "pinCredentialsId",
                    "the pkcs11 signer");
            return Secret.of(c.getSecret().getPlainText().toCharArray(), "credential '" + id + "'");
        };
    }
}
