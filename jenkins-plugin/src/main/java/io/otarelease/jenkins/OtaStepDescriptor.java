package io.otarelease.jenkins;

import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;

/**
 * The descriptor of an OTA step. Its function name is its {@code @Symbol}, so the step reads the same wherever
 * structs resolves it. It needs the build and its log; steps that need more say so.
 */
abstract class OtaStepDescriptor extends StepDescriptor {
    @Override
    public final String getFunctionName() {
        return getClass().getAnnotation(Symbol.class).value()[0];
    }

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class);
    }
}
