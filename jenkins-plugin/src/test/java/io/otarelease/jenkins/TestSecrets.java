package io.otarelease.jenkins;

import io.otarelease.core.Secret;
import io.otarelease.core.sign.SecretRef;
import io.otarelease.core.sign.SecretResolver;
import java.security.cert.X509Certificate;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Stands in for the Jenkins credential store where a unit test cannot make a {@code hudson.util.Secret} (that needs
 * a running Jenkins): each test overrides what its signer reads, and anything else fails the test.
 */
class TestSecrets implements SecretResolver {
    /** PINs from Secret text credentials: this value for any id. */
    static TestSecrets pin(String pin) {
        return new TestSecrets() {
            @Override
            public Secret text(SecretRef ref) {
                return Secret.of(pin.toCharArray(), "credential '" + ((SecretRef.Credential) ref).id() + "'");
            }
        };
    }

    @Override
    public Secret text(SecretRef ref) {
        throw new AssertionError("not reached: " + ref);
    }

    @Override
    public ClientIdentity clientIdentity(SecretRef identity, SecretRef password) {
        throw new AssertionError("not reached: " + identity);
    }

    @Override
    public List<X509Certificate> certificates(SecretRef ref) {
        throw new AssertionError("not reached: " + ref);
    }

    @Override
    public AwsCredentialsProvider aws(SecretRef ref) {
        throw new AssertionError("not reached: " + ref);
    }
}
