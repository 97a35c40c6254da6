// Compile-only stub of org.jenkins-ci.main:remoting as bundled by jenkins-core 2.541.3 — declarations only;
// Jenkins provides the real class at run time. Members the OTA Release plugin does not use are left out.
package org.jenkinsci.remoting;

public final class Role {
    public Role(String name) {
        throw new UnsupportedOperationException();
    }
}
