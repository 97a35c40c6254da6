// Compile-only stub of org.jenkins-ci.main:jenkins-core:2.541.3 — declarations only, checked against upstream;
// Jenkins provides the real class at run time. Members the OTA Release plugin does not use are left out.
package hudson.security;

// Upstream's constructors take a PermissionGroup, which the plugin never names; private so nothing can extend this.
public final class Permission {
    private Permission() {
        throw new UnsupportedOperationException();
    }
}
