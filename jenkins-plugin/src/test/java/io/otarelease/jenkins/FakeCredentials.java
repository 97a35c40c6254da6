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
}
