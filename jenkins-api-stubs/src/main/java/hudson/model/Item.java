// Compile-only stub of org.jenkins-ci.main:jenkins-core:2.541.3 — declarations only, checked against upstream;
// Jenkins provides the real class at run time. Members the OTA Release plugin does not use are left out.
package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;

// Upstream also extends PersistenceRoot, SearchableModelObject, FullyNamed, Named and OnMaster (members unused here).
public interface Item extends AccessControlled {
    // Upstream creates the permission here; a stub never runs, so it holds nothing.
    Permission EXTENDED_READ = null;
    Permission CONFIGURE = null;
}
