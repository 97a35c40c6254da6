// Compile-only stub of org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe — declarations only, checked against
// upstream; the plugin provides the real class at run time. Unused members are left out.
package com.cloudbees.plugins.credentials;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import java.io.Serializable;

public interface Credentials extends Describable<Credentials>, Serializable, ExtensionPoint {
    CredentialsScope getScope();

    @Override
    CredentialsDescriptor getDescriptor();
}
