// Compile-only stub of org.jenkins-ci.main:remoting as bundled by jenkins-core 2.541.3 — declarations only;
// Jenkins provides the real class at run time. Members the OTA Release plugin does not use are left out.
package org.jenkinsci.remoting;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.Collection;

public abstract class RoleChecker {
    public abstract void check(@NonNull RoleSensitive subject, @NonNull Collection<Role> expected)
            throws SecurityException;

    public void check(@NonNull RoleSensitive subject, @NonNull Role expected) throws SecurityException {
        throw new UnsupportedOperationException();
    }
}
