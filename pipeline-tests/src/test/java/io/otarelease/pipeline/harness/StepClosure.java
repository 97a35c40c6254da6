package io.otarelease.pipeline.harness;

import groovy.lang.Closure;

/**
 * A step bound in the script binding. A call the script cannot resolve as its own method reaches the binding
 * (Script.invokeMethod), as Jenkins steps and global variables do in a CPS script.
 */
final class StepClosure extends Closure<Object> {
    private static final long serialVersionUID = 1L;
    private final transient PipelineHarness harness;
    private final String stepName;

    StepClosure(PipelineHarness harness, String stepName) {
        super(harness);
        this.harness = harness;
        this.stepName = stepName;
    }

    public Object doCall(Object... args) throws Exception {
        return harness.dispatch(stepName, args == null ? new Object[0] : args);
    }
}
