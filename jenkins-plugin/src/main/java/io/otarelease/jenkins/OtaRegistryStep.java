package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.otarelease.core.OtaException;
import io.otarelease.core.sign.SecretResolver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code otaRegistry(profile: 'shop')}: the releases of the production (or staging) registry, newest first, each a
 * map of version, status, bundleHash, staged, released, retired and note: the choices of a rollback job. Runs on
 * the controller and needs no workspace.
 */
public final class OtaRegistryStep extends ReleaseStep {
    public static final String FUNCTION_NAME = "otaRegistry";

    private String store;
    private String stagingStore;
    private String productionStore;

    @DataBoundConstructor
    public OtaRegistryStep() {
    }

    public String getStore() {
        return store;
    }

    /** @param store production (default) or staging */
    @DataBoundSetter
    public void setStore(String store) {
        this.store = Settings.trim(store);
    }

    @Override
    public String getStagingStore() {
        return stagingStore;
    }

    @DataBoundSetter
    public void setStagingStore(String stagingStore) {
        this.stagingStore = Settings.trim(stagingStore);
    }

    @Override
    public String getProductionStore() {
        return productionStore;
    }

    @DataBoundSetter
    public void setProductionStore(String productionStore) {
        this.productionStore = Settings.trim(productionStore);
    }

    String which() {
        String w = Settings.pick(store, "production");
        if (!w.equals("production") && !w.equals("staging")) {
            throw new OtaException.BadInput("otaRegistry store: must be production or staging, not '" + w + "'");
        }
        return w;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** The symbol is the function name, so the step reads the same wherever structs resolves it. */
    @Extension
    @Symbol(FUNCTION_NAME)
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "List the OTA releases and their statuses";
        }

        /** The run: the profile's S3 credential is looked up for it (every Pipeline step has one). */
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }

    public static final class Execution extends SynchronousNonBlockingStepExecution<List<Map<String, Object>>> {
        private static final long serialVersionUID = 1L;

        private final transient OtaRegistryStep step;

        Execution(OtaRegistryStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected List<Map<String, Object>> run() throws Exception {
            try {
                return run(step, getContext(), Administration.current());
            } catch (OtaException e) {
                throw StepSupport.abort(FUNCTION_NAME, e); // a user error: its message, no stack trace
            }
        }

        /** The step's work, with the administrator's settings given (so tests drive it without a Jenkins). */
        static List<Map<String, Object>> run(OtaRegistryStep step, StepContext c, Administration admin)
                throws Exception {
            OtaProfile profile = admin.profile(step.getProfile());
            ReleaseTarget t = ReleaseTarget.of(profile, step);
            String which = step.which();
            SecretResolver secrets = JenkinsCredentials.secrets(c.get(Run.class));
            ControllerStores stores = ControllerStores.of(admin, profile, t, secrets, which + "Store");
            return ReleaseFlow.registry(stores, t, which, c.get(TaskListener.class).getLogger());
        }
    }
}
