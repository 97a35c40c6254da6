// Compile-only stub of org.jenkins-ci.plugins:credentials:1502.v5c95e620ddfe — declarations only, checked against
// upstream; the plugin provides the real class at run time. Unused members are left out.
package com.cloudbees.plugins.credentials.domains;

import hudson.ExtensionPoint;
import java.io.Serializable;

public class DomainRequirement implements ExtensionPoint, Serializable {
}
