// Compile-only stub of org.jenkins-ci.main:jenkins-core:2.541.3 — declarations only, checked against upstream;
// Jenkins provides the real class at run time. Members the OTA Release plugin does not use are left out.
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

public abstract class Cause {
    protected Cause() {
        throw new UnsupportedOperationException();
    }

    public abstract String getShortDescription();

    public static class UserIdCause extends Cause {
        public UserIdCause(@CheckForNull String userId) {
            throw new UnsupportedOperationException();
        }

        @CheckForNull
        public String getUserId() {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getShortDescription() {
            throw new UnsupportedOperationException();
        }
    }
}
