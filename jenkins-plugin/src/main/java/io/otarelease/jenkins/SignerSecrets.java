package io.otarelease.jenkins;

import io.otarelease.core.Secret;
import java.io.IOException;

/**
 * The secrets a signer needs, fetched only when the signer is opened on the controller. Implemented over Jenkins
 * credentials by {@link JenkinsCredentials}; the returned {@link Secret} is destroyed right after use.
 */
public interface SignerSecrets {
    /** The PIN in the Secret text credential {@code credentialsId}. */
    Secret pin(String credentialsId) throws IOException, InterruptedException;
}
