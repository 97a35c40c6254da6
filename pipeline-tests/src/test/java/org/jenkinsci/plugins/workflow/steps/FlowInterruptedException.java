package org.jenkinsci.plugins.workflow.steps;

/**
 * Test stand-in with the upstream type's place in the hierarchy (workflow-step-api: an InterruptedException):
 * what {@code input} throws when a person rejects it, and what {@code timeout} throws when time runs out.
 */
public class FlowInterruptedException extends InterruptedException {
    private static final long serialVersionUID = 1L;
    private final String result;

    public FlowInterruptedException(String result, String message) {
        super(message);
        this.result = result;
    }

    /** The build result it implies, as Jenkins applies it (ABORTED for a rejected input). */
    public String getResult() {
        return result;
    }
}
