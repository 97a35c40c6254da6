package io.otarelease.core.sign;

import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import io.otarelease.core.tls.TlsContexts;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Secrets of the machine the command runs on: environment variables and files, as the CLI names them. There are
 * no Jenkins credentials here, and AWS keys come from the SDK's standard chain.
 */
public final class LocalSecrets implements SecretResolver {
    private final Map<String, String> env;

    /** @param env the environment to read (the CLI passes System.getenv, tests their own) */
    public LocalSecrets(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Secret text(SecretRef ref) {
        if (ref instanceof SecretRef.Env e) {
            return Secret.fromEnv(env, e.name());
        }
        if (ref instanceof SecretRef.File f) {
            return Secret.fromFile(f.path());
        }
        throw noCredentials((SecretRef.Credential) ref);
    }

    @Override
    public ClientIdentity clientIdentity(SecretRef identity, SecretRef password) {
        Secret pw = text(password);
        return new ClientIdentity(TlsContexts.keyStore(file(identity), pw), pw);
    }

    @Override
    public List<X509Certificate> certificates(SecretRef ref) {
        return TlsContexts.certificates(file(ref));
    }

    @Override
    public AwsCredentialsProvider aws(SecretRef ref) {
        if (ref != null) {
            throw new OtaException.BadInput(ref.describe() + ": AWS credentials come from the SDK's standard chain "
                    + "here (environment, profile, web identity or instance role)");
        }
        return null;
    }

    private static Path file(SecretRef ref) {
        if (ref instanceof SecretRef.File f) {
            return f.path();
        }
        throw ref instanceof SecretRef.Credential c ? noCredentials(c)
                : new OtaException.BadInput(ref.describe() + " must name a file");
    }

    private static OtaException.BadInput noCredentials(SecretRef.Credential c) {
        return new OtaException.BadInput(c.describe() + " names a Jenkins credential, which only the Jenkins plugin "
                + "can read: here give an environment variable or a file");
    }
}
