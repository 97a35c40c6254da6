// Compile-only stub of org.jenkins-ci.main:jenkins-core:2.541.3 — declarations only, checked against upstream;
// Jenkins provides the real class at run time. Members the OTA Release plugin does not use are left out.
package hudson;

import java.io.IOException;

// Unlike the other stubs, its constructors work as upstream's do (they only pass the message on), so the plugin's
// tests can drive a step execution to the message a build log shows.
public class AbortException extends IOException {
    private static final long serialVersionUID = 1L;

    public AbortException() {
    }

    public AbortException(String message) {
        super(message);
    }
}
