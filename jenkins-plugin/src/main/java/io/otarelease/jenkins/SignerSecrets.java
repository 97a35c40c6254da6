package io.otarelease.jenkins;

import io.otarelease.core.Secret;
import java.io.IOException;
import java.security.KeyStore;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The secrets a signer (or a CDN client) needs, fetched only when it is opened on the controller. Implemented over
 * Jenkins credentials by {@link JenkinsCredentials}; every returned {@link Secret} is destroyed right after use.
 */
public interface SignerSecrets {
    /** The PIN in the Secret text credential {@code credentialsId}. */
    Secret pin(String credentialsId) throws IOException, InterruptedException;

    /** A client identity: the key store of a Certificate credential and its password. */
    record Identity(KeyStore keyStore, Secret password) {
    }

    /** hsm: the client identity in the Certificate credential {@code credentialsId}. */
    default Identity clientIdentity(String credentialsId) throws IOException, InterruptedException {
        throw new NotAvailable("no client certificates here");
    }

    /** hsm: the signing server's CA certificates (PEM) from a Secret file or Secret text credential. */
    default byte[] serverCa(String credentialsId) throws IOException, InterruptedException {
        throw new NotAvailable("no server CA here");
    }

    /**
     * kms and CloudFront: the keys of an AWS credential, as a provider of the AWS SDK bundled in this plugin.
     *
     * @param field the profile or step field the id came from, for error messages
     */
    default AwsCredentialsProvider aws(String credentialsId, String field, String forWhat)
            throws IOException, InterruptedException {
        throw new NotAvailable("no AWS credentials here");
    }

    /** The unchecked failure of a default method: the test doubles implement only what they need. */
    final class NotAvailable extends UnsupportedOperationException {
        private static final long serialVersionUID = 1L;

        NotAvailable(String message) {
            super(message);
        }
    }
}
