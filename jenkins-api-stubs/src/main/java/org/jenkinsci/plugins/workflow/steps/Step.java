// Compile-only stub of org.jenkins-ci.plugins.workflow:workflow-step-api:710.v3e456cc85233 — declarations only,
// checked against upstream; the plugin provides the real class at run time. Unused members are left out.
package org.jenkinsci.plugins.workflow.steps;

import hudson.ExtensionPoint;
import hudson.model.AbstractDescribableImpl;

// No explicit constructor upstream either.
public abstract class Step extends AbstractDescribableImpl<Step> implements ExtensionPoint {
    public abstract StepExecution start(StepContext context) throws Exception;

    @Override
    public StepDescriptor getDescriptor() {
        throw new UnsupportedOperationException();
    }
}
