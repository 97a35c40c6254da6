package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.otarelease.core.OtaException;
import java.util.List;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
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

    /** The run: the profile's S3 credential is looked up for it (every Pipeline step has one). */
    @Extension
    @Symbol(FUNCTION_NAME)
    public static final class DescriptorImpl extends OtaStepDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return "List the OTA releases and their statuses";
        }
    }

    public static final class Execution extends OtaStepExecution<List<Map<String, Object>>> {
        private static final long serialVersionUID = 1L;

        // Steps are not serializable and this execution never resumes after a restart, so the step need not survive.
        private final transient OtaRegistryStep step;

        Execution(OtaRegistryStep step, StepContext context) {
            super(context, FUNCTION_NAME);
            this.step = step;
        }

        @Override
        protected List<Map<String, Object>> work(StepContext c, Administration admin) throws Exception {
            return run(step, c, admin);
        }

        /** The step's work, with the administrator's settings given (so tests drive it without a Jenkins). */
        static List<Map<String, Object>> run(OtaRegistryStep step, StepContext c, Administration admin)
                throws Exception {
            StepRun r = StepRun.of(FUNCTION_NAME, c, admin, step);
            String which = step.which();
            return RegistryListing.toMaps(RegistryListing.run(r.stores(which + "Store"), which, r.log()));
        }
    }
}
