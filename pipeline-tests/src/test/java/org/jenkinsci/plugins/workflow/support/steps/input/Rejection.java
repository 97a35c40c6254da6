package org.jenkinsci.plugins.workflow.support.steps.input;

import jenkins.model.CauseOfInterruption;

/**
 * Test stand-in for pipeline-input-step's cause of a rejected input. Upstream takes the {@code User} who pressed
 * Abort and keeps the name; its short description is "Rejected by NAME" (Messages.Rejection_ShortDescription).
 */
public final class Rejection extends CauseOfInterruption {
    private static final long serialVersionUID = 1L;
    private final String userName;

    public Rejection(String userName) {
        this.userName = userName;
    }

    public String getUser() {
        return userName;
    }

    @Override
    public String getShortDescription() {
        return "Rejected by " + userName;
    }
}
