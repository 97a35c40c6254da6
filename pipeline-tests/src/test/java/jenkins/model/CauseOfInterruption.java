package jenkins.model;

import java.io.Serializable;

/** Test stand-in with jenkins-core's shape: why a build or a step was interrupted, for people. */
public abstract class CauseOfInterruption implements Serializable {
    private static final long serialVersionUID = 1L;

    public abstract String getShortDescription();

    /** Upstream: a user pressed the abort button ("Aborted by NAME"). */
    public static final class UserInterruption extends CauseOfInterruption {
        private static final long serialVersionUID = 1L;
        private final String user;

        public UserInterruption(String user) {
            this.user = user;
        }

        @Override
        public String getShortDescription() {
            return "Aborted by " + user;
        }
    }
}
