package io.otarelease.jenkins;

import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCertificateCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.model.Run;
import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import io.otarelease.core.sign.SecretRef;
import io.otarelease.core.sign.SecretResolver;
import io.otarelease.core.tls.TlsContexts;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Pattern;
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
    static SecretResolver secrets(Run<?, ?> run) {
        return secrets(new CredentialResolver(forRun(run)));
    }

    /**
     * Credentials by id, and nothing else: an environment variable or a file named by a pipeline would be the
     * controller's own, which a pipeline author must not reach.
     */
    static SecretResolver secrets(CredentialResolver resolver) {
        return new SecretResolver() {
            @Override
            public Secret text(SecretRef ref) throws IOException, InterruptedException {
                String id = id(ref);
                StringCredentials c = resolver.require(id, StringCredentials.class, ref.field(), "the signer");
                return Secret.of(c.getSecret().getPlainText().toCharArray(), "credential '" + id + "'");
            }

            @Override
            public ClientIdentity clientIdentity(SecretRef identity, SecretRef password)
                    throws IOException, InterruptedException {
                if (password != null) {
                    throw refused(password);
                }
                String id = id(identity);
                StandardCertificateCredentials c = resolver.require(id, StandardCertificateCredentials.class,
                        identity.field(), "the remote signer");
                return new ClientIdentity(c.getKeyStore(), Secret.of(c.getPassword().getPlainText().toCharArray(),
                        "credential '" + id + "'"));
            }

            @Override
            public List<X509Certificate> certificates(SecretRef ref) throws IOException, InterruptedException {
                String id = id(ref);
                byte[] pem = checkCa(serverCa(resolver, id, ref.field()), id, ref.field());
                return TlsContexts.certificates(new ByteArrayInputStream(pem), "credential '" + id + "'");
            }

            @Override
            public AwsCredentialsProvider aws(SecretRef ref) throws IOException, InterruptedException {
                if (ref == null) {
                    throw new OtaException.BadInput("no AWS credential named: the controller's own AWS identity is "
                            + "never used");
                }
                String id = id(ref);
                return awsKeys(resolver.require(id, AmazonWebServicesCredentials.class, ref.field(), "the signer"),
                        id);
            }
        };
    }

    private static String id(SecretRef ref) {
        if (ref instanceof SecretRef.Credential c) {
            return c.id();
        }
        throw refused(ref);
    }

    private static OtaException.BadInput refused(SecretRef ref) {
        return new OtaException.BadInput(ref.describe() + " is refused on the Jenkins controller: name a Jenkins "
                + "credential by its id (the controller's environment and files are not a pipeline's to read)");
    }

    private static byte[] serverCa(CredentialResolver resolver, String id, String field)
            throws IOException, InterruptedException {
        Object c = resolver.requireAny(id, field, "the remote signer", FileCredentials.class,
                StringCredentials.class);
        if (c instanceof FileCredentials f) {
            try (InputStream in = f.getContent()) {
                byte[] pem = in.readNBytes(MAX_CA_BYTES + 1);
                if (pem.length > MAX_CA_BYTES) {
                    throw new OtaException.BadInput("credential '" + id + "' (" + f.getFileName() + ") is larger "
                            + "than 1 MiB: not a CA certificate file");
                }
                return pem;
            }
        }
        return ((StringCredentials) c).getSecret().getPlainText().getBytes(StandardCharsets.UTF_8);
    }

    private static final Pattern FINGERPRINT = Pattern.compile("(?i)(sha256:)?\\s*([0-9a-f]{2}:?){32}");

    /**
     * The server CA must be PEM certificates. A fingerprint alone cannot anchor trust (the connection still needs a
     * CA to check the chain and host name); the content itself is never echoed, it may be a secret.
     */
    static byte[] checkCa(byte[] ca, String id, String field) {
        String text = new String(ca, StandardCharsets.US_ASCII).strip();
        if (text.contains("-----BEGIN CERTIFICATE-----")) {
            return ca;
        }
        if (FINGERPRINT.matcher(text).matches()) {
            throw new OtaException.BadInput("credential '" + id + "' (" + field + ") holds a certificate "
                    + "fingerprint, not the server CA: put the fingerprint in the profile's serverPin and the CA "
                    + "certificate (PEM) in this credential");
        }
        throw new OtaException.BadInput("credential '" + id + "' (" + field + ") holds no PEM certificate "
                + "(-----BEGIN CERTIFICATE-----): it must hold the signing server's CA");
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
