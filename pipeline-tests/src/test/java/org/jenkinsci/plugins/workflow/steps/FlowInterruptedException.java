package org.jenkinsci.plugins.workflow.steps;

import hudson.model.Result;
import java.util.Arrays;
import java.util.List;
import jenkins.model.CauseOfInterruption;

/**
 * Test stand-in with the upstream type's shape (workflow-step-api 710): an InterruptedException made from a result
 * and causes, and — as upstream — without a message ({@code super()}): what happened is only in the causes. It is
 * what {@code input} throws when a person rejects it and what {@code timeout} throws when time runs out.
 */
public final class FlowInterruptedException extends InterruptedException {
    private static final long serialVersionUID = 630482382622970136L;
    private final Result result;
    private final List<CauseOfInterruption> causes;
    private final boolean actualInterruption;

    public FlowInterruptedException(Result result, CauseOfInterruption... causes) {
        this(result, true, causes);
    }

    public FlowInterruptedException(Result result, boolean actualInterruption, CauseOfInterruption... causes) {
        this.result = result;
        this.causes = Arrays.asList(causes);
        this.actualInterruption = actualInterruption;
    }

    public Result getResult() {
        return result;
    }

    public List<CauseOfInterruption> getCauses() {
        return causes;
    }

    public boolean isActualInterruption() {
        return actualInterruption;
    }
}
