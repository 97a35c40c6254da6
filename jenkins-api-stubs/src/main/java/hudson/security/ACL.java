// Compile-only stub of org.jenkins-ci.main:jenkins-core:2.541.3 — declarations only, checked against upstream;
// Jenkins provides the real class at run time. Members the OTA Release plugin does not use are left out.
package hudson.security;

import org.springframework.security.core.Authentication;

public abstract class ACL {
    // Upstream holds the SYSTEM authentication here; a stub never runs, so it holds nothing.
    public static final Authentication SYSTEM2 = null;

    // Upstream has an implicit public constructor; package-private here so only the stubs could extend it.
    ACL() {
        throw new UnsupportedOperationException();
    }
}
