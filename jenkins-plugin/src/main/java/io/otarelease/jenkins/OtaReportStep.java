package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.otarelease.core.OtaException;
import io.otarelease.core.sign.SecretResolver;
import java.time.Clock;
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
 * {@code otaReport(profile: 'shop')}: the weekly rollup of {@code ota report weekly} (releases, delivery and
 * experience health, adoption, incidents, next week; every line citing its source) for the seven days ending
 * yesterday, or {@code since}..{@code until}. Returns subject, text and html, for the {@code mail} step. Reads the
 * profile's production store and metrics source on the controller; writes nothing.
 */
public final class OtaReportStep extends ReleaseStep {
    public static final String FUNCTION_NAME = "otaReport";

    private String since;
    private String until;
    private String productionStore;

    @DataBoundConstructor
    public OtaReportStep() {
    }

    public String getSince() {
        return since;
    }

    /** @param since first day, UTC, e.g. 2026-03-23 (default: six days before until) */
    @DataBoundSetter
    public void setSince(String since) {
        this.since = Settings.trim(since);
    }

    public String getUntil() {
        return until;
    }

    /** @param until last day, inclusive (default: yesterday, UTC) */
    @DataBoundSetter
    public void setUntil(String until) {
        this.until = Settings.trim(until);
    }

    @Override
    public String getProductionStore() {
        return productionStore;
    }

    @DataBoundSetter
    public void setProductionStore(String productionStore) {
        this.productionStore = Settings.trim(productionStore);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

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
            return "Build the weekly OTA rollup";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }

    public static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient OtaReportStep step;

        Execution(OtaReportStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            try {
                return run(step, getContext(), Administration.current());
            } catch (OtaException e) {
                throw StepSupport.abort(FUNCTION_NAME, e);
            }
        }

        /** The step's work, with the administrator's settings given (so tests drive it without a Jenkins). */
        static Map<String, Object> run(OtaReportStep step, StepContext c, Administration admin) throws Exception {
            Run<?, ?> run = c.get(Run.class);
            OtaProfile profile = admin.profile(step.getProfile());
            ReleaseTarget t = ReleaseTarget.of(profile, step);
            SecretResolver secrets = JenkinsCredentials.secrets(run);
            ControllerStores stores = ControllerStores.of(admin, profile, t, secrets, Overrides.PRODUCTION_STORE);
            return ReportFlow.weekly(stores, t, step.getSince(), step.getUntil(), Clock.systemUTC(),
                    c.get(TaskListener.class).getLogger());
        }
    }
}
