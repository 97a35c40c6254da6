// Compile-only stub of org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe — declarations only, checked against
// upstream; the plugin provides the real class at run time. Unused members are left out.
package com.cloudbees.plugins.credentials;

import hudson.model.Descriptor;

// Upstream also implements org.jenkins.ui.icon.IconSpec.
public abstract class CredentialsDescriptor extends Descriptor<Credentials> {
    protected CredentialsDescriptor() {
        throw new UnsupportedOperationException();
    }
}
