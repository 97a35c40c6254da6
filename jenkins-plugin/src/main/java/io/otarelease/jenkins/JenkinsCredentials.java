package io.otarelease.jenkins;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.model.Run;
import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The only place that touches Jenkins credentials. {@code findCredentialById} resolves the id for the running build
 * (folder and global stores, build parameters); every credential found is then recorded on the build with
 * {@code track}, because {@code findCredentialById} itself records only ids that came from a build parameter. A
 * {@code hudson.util.Secret} is opened only here, at the moment a signer needs it, into an ota-core {@link Secret}
 * whose {@code toString} never shows the value.
 */
final class JenkinsCredentials {
    /** A CA bundle larger than this is not a CA bundle. */
    static final int MAX_CA_BYTES = 1 << 20;

    private JenkinsCredentials() {
    }

    static CredentialResolver.Lookup forRun(Run<?, ?> run) {
        return id -> CredentialsProvider.track(run, CredentialsProvider.findCredentialById(id,
                StandardCredentials.class, run));
    }

    /** The signer's and stores' secrets, looked up by id for the running build (and tracked on it). */
    static SignerSecrets signerSecrets(Run<?, ?> run) {
        return signerSecrets(new CredentialResolver(forRun(run)));
    }

    static SignerSecrets signerSecrets(CredentialResolver resolver) {
        return new SignerSecrets() {
            @Override
            public Secret pin(String id) throws IOException, InterruptedException {
                StringCredentials c = resolver.require(id, StringCredentials.class, "pinCredentialsId",
                        "the pkcs11 signer");
                return Secret.of(c.getSecret().getPlainText().toCharArray(), "credential '" + id + "'");
            }

            @Override
            public Identity clientIdentity(String id) throws IOException, InterruptedException {
                StandardCertificateCredentials c = resolver.require(id, StandardCertificateCredentials.class,
                        "clientCertificateCredentialsId", "the hsm signer");
                return new Identity(c.getKeyStore(), Secret.of(c.getPassword().getPlainText().toCharArray(),
                        "credential '" + id + "'"));
            }

            @Override
            public byte[] serverCa(String id) throws IOException, InterruptedException {
                Object c = resolver.requireAny(id, "serverCaCredentialsId", "the hsm signer", FileCredentials.class,
                        StringCredentials.class);
                if (c instanceof FileCredentials f) {
                    try (InputStream in = f.getContent()) {
                        byte[] pem = in.readNBytes(MAX_CA_BYTES + 1);
                        if (pem.length > MAX_CA_BYTES) {
                            throw new io.otarelease.core.OtaException.BadInput("credential '" + id + "' ("
                                    + f.getFileName() + ") is larger than 1 MiB: not a CA certificate file");
                        }
                        return pem;
                    }
                }
                return ((StringCredentials) c).getSecret().getPlainText().getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public AwsCredentialsProvider aws(String id, String field, String forWhat)
                    throws IOException, InterruptedException {
                return awsKeys(resolver.require(id, AmazonWebServicesCredentials.class, field, forWhat), id);
            }
        };
    }

    /**
     * The credential's keys, resolved once for the step: a role the credential assumes is resolved by the
     * aws-credentials plugin, once, rather than on every request of an upload. The credential and ota-core's clients
     * share one AWS SDK (the aws-java-sdk2-* plugins), so its answer is handed over as it is, session token included.
     */
    static AwsCredentialsProvider awsKeys(AmazonWebServicesCredentials credential, String id) {
        AwsCredentials keys;
        try {
            keys = credential.resolveCredentials();
        } catch (RuntimeException e) {
            // the message of the AWS error (an assume-role refusal, an expired token), never the keys
            throw new OtaException.Infrastructure("AWS credential '" + id + "' could not be resolved: "
                    + e.getMessage(), e);
        }
        if (keys == null || keys.accessKeyId() == null || keys.secretAccessKey() == null) {
            throw new OtaException.BadInput("AWS credential '" + id + "' has no access key or no secret key");
        }
        return StaticCredentialsProvider.create(keys);
    }
}
