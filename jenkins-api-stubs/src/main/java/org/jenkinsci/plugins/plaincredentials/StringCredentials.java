// Compile-only stub of org.jenkins-ci.plugins:plain-credentials:199.v9f8e1f741799 — declarations only, checked
// against upstream; the plugin provides the real class at run time. Unused members (and @NameWith) are left out.
package org.jenkinsci.plugins.plaincredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.util.Secret;

public interface StringCredentials extends StandardCredentials {
    @NonNull
    Secret getSecret();
}
