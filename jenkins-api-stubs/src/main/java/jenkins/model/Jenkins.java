// Compile-only stub of org.jenkins-ci.main:jenkins-core:2.541.3 — declarations only, checked against upstream;
// Jenkins provides the real class at run time. Members the OTA Release plugin does not use are left out.
package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.Permission;

// Upstream extends AbstractCIBase and implements many more interfaces; the plugin uses get(), ADMINISTER and the
// AccessControlled members.
public class Jenkins implements AccessControlled {
    // Upstream creates the permission here; a stub never runs, so it holds nothing.
    public static final Permission ADMINISTER = null;

    // Upstream's constructors take a root directory and a servlet context; private so nothing can extend this.
    private Jenkins() {
        throw new UnsupportedOperationException();
    }

    @NonNull
    public static Jenkins get() throws IllegalStateException {
        throw new UnsupportedOperationException();
    }

    @NonNull
    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException();
    }
}
