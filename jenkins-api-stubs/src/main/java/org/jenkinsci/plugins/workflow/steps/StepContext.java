// Compile-only stub of org.jenkins-ci.plugins.workflow:workflow-step-api:710.v3e456cc85233 — declarations only,
// checked against upstream; the plugin provides the real class at run time. Unused members are left out.
package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
import edu.umd.cs.findbugs.annotations.Nullable;
import java.io.IOException;
import java.io.Serializable;

// Upstream also declares isReady, saveState, setResult, newBodyInvoker, hasBody, equals and hashCode.
public abstract class StepContext implements FutureCallback<Object>, Serializable {
    private static final long serialVersionUID = 1L;

    public abstract <T> T get(Class<T> key) throws IOException, InterruptedException;

    @Override
    public abstract void onSuccess(@Nullable Object result);
}
