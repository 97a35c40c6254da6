package io.otarelease.jenkins;

import hudson.AbortException;
import io.otarelease.core.OtaException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;

/**
 * The execution of every OTA step: its work runs off the CPS thread with the administrator's settings read once, and
 * a user error (bad input, a refused check, a failed signer) ends the build with its message only, no stack trace.
 *
 * @param <T> what the step returns to the Pipeline
 */
abstract class OtaStepExecution<T> extends SynchronousNonBlockingStepExecution<T> {
    private static final long serialVersionUID = 1L;

    private final String function;

    OtaStepExecution(StepContext context, String function) {
        super(context);
        this.function = function;
    }

    /** The step's work, given Jenkins' side of the call and the administrator's settings (tests pass their own). */
    protected abstract T work(StepContext context, Administration admin) throws Exception;

    @Override
    protected final T run() throws Exception {
        try {
            return work(getContext(), Administration.current());
        } catch (OtaException e) {
            throw abort(function, e);
        }
    }

    /** A user error ends the build with its message only. */
    static AbortException abort(String function, OtaException e) {
        return new AbortException(Messages.userError(function, e));
    }
}
