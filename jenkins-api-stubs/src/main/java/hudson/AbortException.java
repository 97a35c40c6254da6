// Compile-only stub of org.jenkins-ci.main:jenkins-core:2.541.3 — declarations only, checked against upstream;
// Jenkins provides the real class at run time. Members the OTA Release plugin does not use are left out.
package hudson;

import java.io.IOException;

public class AbortException extends IOException {
    public AbortException() {
        throw new UnsupportedOperationException();
    }

    public AbortException(String message) {
        throw new UnsupportedOperationException();
    }
}
