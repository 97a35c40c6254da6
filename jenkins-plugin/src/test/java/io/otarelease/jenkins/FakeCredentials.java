package io.otarelease.jenkins;

import com.cloudbees.plugins.credentials.CredentialsDescriptor;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.util.Secret;
import java.io.InputStream;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/** Credentials of each kind, built the only way tests can build Jenkins types here: by implementing them. */
final class FakeCredentials {
    private FakeCredentials() {
    }

    abstract static class Base implements StandardCredentials {
        private final String id;

        Base(String id) {
            this.id = id;
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public String getDescription() {
            return "";
        }

        @Override
        public CredentialsScope getScope() {
            return CredentialsScope.GLOBAL;
        }

        @Override
        public CredentialsDescriptor getDescriptor() {
            return null;
        }
    }

    static final class Text extends Base implements StringCredentials {
        Text(String id) {
            super(id);
        }

        @Override
        public Secret getSecret() {
            throw new AssertionError("the resolver must not read the secret");
        }
    }

    static final class File extends Base implements FileCredentials {
        File(String id) {
            super(id);
        }

        @Override
        public String getFileName() {
            return "ca.pem";
        }

        @Override
        public InputStream getContent() {
            throw new AssertionError("the resolver must not read the content");
        }
    }

    /** A kind OTA Release does not know, e.g. an SSH key. */
    static final class SshUserPrivateKey extends Base {
        SshUserPrivateKey(String id) {
            super(id);
        }
    }

    /** An AWS credential as the aws-credentials plugin gives it: the SDK v2 provider interface over fixed keys. */
    static final class Aws extends Base implements com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials {
        private final software.amazon.awssdk.auth.credentials.AwsCredentials keys;

        Aws(String id, software.amazon.awssdk.auth.credentials.AwsCredentials keys) {
            super(id);
            this.keys = keys;
        }

        @Override
        public software.amazon.awssdk.auth.credentials.AwsCredentials resolveCredentials() {
            return keys;
        }

        @Override
        public software.amazon.awssdk.auth.credentials.AwsCredentials resolveCredentials(String mfaToken) {
            return keys;
        }

        @Override
        public String getDisplayName() {
            return keys.accessKeyId();
        }

        @Override
        public com.amazonaws.auth.AWSCredentials getCredentials() {
            throw new AssertionError("SDK v1 is not used");
        }

        @Override
        public void refresh() {
        }
    }

    /** A Certificate credential: a PKCS#12 key store and its password. */
    static final class Certificate extends Base
            implements com.cloudbees.plugins.credentials.common.StandardCertificateCredentials {
        private final java.security.KeyStore keyStore;
        private final String password;

        Certificate(String id, java.security.KeyStore keyStore, String password) {
            super(id);
            this.keyStore = keyStore;
            this.password = password;
        }

        @Override
        public java.security.KeyStore getKeyStore() {
            return keyStore;
        }

        @Override
        public Secret getPassword() {
            throw new AssertionError("a hudson.util.Secret cannot be made without Jenkins; tests use Identity");
        }
    }
}
