package io.otarelease.core.sign;

import io.otarelease.core.Secret;
import java.io.IOException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Turns {@link SecretRef}s into what signers need, when they open. The CLI reads environment variables and files;
 * the Jenkins plugin reads credentials by id and refuses the rest. The caller destroys every {@link Secret} it gets.
 */
public interface SecretResolver {
    /** A PIN or a password. */
    Secret text(SecretRef ref) throws IOException, InterruptedException;

    /** A client identity for mutual TLS: a key store with one private key, and its password. */
    record ClientIdentity(KeyStore keyStore, Secret password) {
    }

    /**
     * @param password the key store's password, or null where the identity carries its own (a Certificate credential)
     */
    ClientIdentity clientIdentity(SecretRef identity, SecretRef password) throws IOException, InterruptedException;

    /** CA certificates (PEM) a server must chain to. */
    List<X509Certificate> certificates(SecretRef ref) throws IOException, InterruptedException;

    /** AWS keys; a null ref asks for the SDK's standard chain, which a resolver may refuse (the Jenkins one does). */
    AwsCredentialsProvider aws(SecretRef ref) throws IOException, InterruptedException;
}
