// Compile-only stub of org.jenkins-ci.main:jenkins-core:2.541.3 — declarations only, checked against upstream;
// Jenkins provides the real class at run time. Members the OTA Release plugin does not use are left out.
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import java.io.IOException;

// Upstream also implements AccessControlled, PersistenceRoot, DescriptorByNameOwner, OnMaster, StaplerProxy,
// HistoricalBuild and WithConsoleUrl; the plugin uses none of their members.
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable
        implements ExtensionPoint, Comparable<RunT> {
    protected Run(@NonNull JobT job) throws IOException {
        throw new UnsupportedOperationException();
    }

    @Override
    public int compareTo(@NonNull RunT that) {
        throw new UnsupportedOperationException();
    }

    public @NonNull String getUrl() {
        throw new UnsupportedOperationException();
    }

    public @NonNull String getExternalizableId() {
        throw new UnsupportedOperationException();
    }

    @edu.umd.cs.findbugs.annotations.CheckForNull
    public <T extends Cause> T getCause(Class<T> type) {
        throw new UnsupportedOperationException();
    }
}
