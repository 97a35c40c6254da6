// Compile-only stub of org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe — declarations only, checked against
// upstream; the plugin provides the real class at run time. Unused members are left out.
package com.cloudbees.plugins.credentials;

import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Run;
import hudson.security.Permission;

// Upstream also implements org.jenkins.ui.icon.IconSpec.
public abstract class CredentialsProvider extends Descriptor<CredentialsProvider>
        implements ExtensionPoint, Describable<CredentialsProvider> {
    // Upstream creates the permission here; a stub never runs, so it holds nothing.
    public static final Permission USE_ITEM = null;

    // The varargs overload (since 1.16) rather than the newer three-argument one, so the compiled call links
    // against every credentials release of the 2.541 line.
    @CheckForNull
    public static <C extends IdCredentials> C findCredentialById(@NonNull String id, @NonNull Class<C> type,
            @NonNull Run<?, ?> run, DomainRequirement... domainRequirements) {
        throw new UnsupportedOperationException();
    }

    // Since 2.1.1. Upstream takes the raw Run; findCredentialById records only ids that came from a build parameter.
    @CheckForNull
    @SuppressWarnings("rawtypes")
    public static <C extends Credentials> C track(@NonNull Run build, @CheckForNull C credentials) {
        throw new UnsupportedOperationException();
    }
}
