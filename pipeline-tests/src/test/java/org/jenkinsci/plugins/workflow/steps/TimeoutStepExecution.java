package org.jenkinsci.plugins.workflow.steps;

import jenkins.model.CauseOfInterruption;

/** Test stand-in for workflow-basic-steps' timeout execution: only the cause it interrupts the body with. */
public final class TimeoutStepExecution {
    private TimeoutStepExecution() {
    }

    /** Upstream's text (Messages.TimeoutStepExecution_ExceededTimeout). */
    public static final class ExceededTimeout extends CauseOfInterruption {
        private static final long serialVersionUID = 1L;

        @Override
        public String getShortDescription() {
            return "Timeout has been exceeded";
        }
    }
}
