// Compile-only stub of org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe — declarations only, checked against
// upstream; the plugin provides the real class at run time. Unused members are left out.
package com.cloudbees.plugins.credentials;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

public interface CredentialsMatcher extends Serializable {
    boolean matches(@NonNull Credentials item);
}
