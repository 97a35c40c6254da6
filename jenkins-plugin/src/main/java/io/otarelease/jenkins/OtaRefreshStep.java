package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.otarelease.core.OtaException;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.sign.SecretResolver;
import io.otarelease.core.sign.Signer;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
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
 * {@code otaRefresh(profile: 'shop', channel: 'production')}: re-signs the channel pointer with a later expiry when it
 * expires within {@code refreshWithinDays} (default 30), with the rules of {@code ota channel refresh}: only the
 * pointer the signed history records last, never an expired one (that needs a person and the CLI's
 * {@code --allow-expired}). Returns refreshed, sequence, expiresAt, daysLeft. Runs on the controller, no workspace.
 */
public final class OtaRefreshStep extends ReleaseStep {
    public static final String FUNCTION_NAME = "otaRefresh";
    static final int DEFAULT_REFRESH_WITHIN_DAYS = 30;

    private int refreshWithinDays = DEFAULT_REFRESH_WITHIN_DAYS;
    private String productionStore;
    private String trustedKeys;

    @DataBoundConstructor
    public OtaRefreshStep() {
    }

    public int getRefreshWithinDays() {
        return refreshWithinDays;
    }

    /** @param days refresh when the pointer expires within this many days (1 to 365) */
    @DataBoundSetter
    public void setRefreshWithinDays(int days) {
        this.refreshWithinDays = days;
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
    public String getTrustedKeys() {
        return trustedKeys;
    }

    @DataBoundSetter
    public void setTrustedKeys(String trustedKeys) {
        this.trustedKeys = Settings.trim(trustedKeys);
    }

    Duration refreshWithin() {
        if (refreshWithinDays < 1 || refreshWithinDays > 365) {
            throw new OtaException.BadInput("otaRefresh refreshWithinDays must be 1 to 365, not " + refreshWithinDays);
        }
        return Duration.ofDays(refreshWithinDays);
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
            return "Re-sign an OTA channel pointer before it expires";
        }

        /** No FilePath: a scheduled refresh must not wait for an agent. */
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }

    public static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient OtaRefreshStep step;

        Execution(OtaRefreshStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            try {
                return run(step, getContext(), Administration.current());
            } catch (OtaException e) {
                throw StepSupport.abort(FUNCTION_NAME, e); // its message, no stack trace
            }
        }

        /** The step's work, with the administrator's settings given (so tests drive it without a Jenkins). */
        static Map<String, Object> run(OtaRefreshStep step, StepContext c, Administration admin) throws Exception {
            Run<?, ?> run = c.get(Run.class);
            PrintStream log = c.get(TaskListener.class).getLogger();
            Duration within = step.refreshWithin();
            OtaProfile profile = admin.profile(step.getProfile());
            ReleaseTarget t = ReleaseTarget.of(profile, step);
            SecretResolver secrets = JenkinsCredentials.secrets(run);
            ControllerStores stores = ControllerStores.of(admin, profile, t, secrets, Overrides.PRODUCTION_STORE);
            var keys = ReleaseSupport.trustedKeys(t, c.get(FilePath.class), FUNCTION_NAME);
            Map<String, Object> out;
            try (Signer signer = ReleaseSupport.signer(profile, secrets, log)) {
                Cdn cdn = ReleaseFlow.openCdn(t, secrets);
                try {
                    out = ReleaseFlow.refresh(stores, t, keys, signer, cdn, ReleaseSupport.actor(run,
                            c.get(EnvVars.class)), within, Clock.systemUTC(), log);
                } finally {
                    ReleaseSupport.close(cdn);
                }
            }
            StepSupport.action(run).addRolloutStep(new OtaReleaseAction.Entry(t.channel() + " refresh",
                    Boolean.TRUE.equals(out.get("refreshed")) ? "refreshed" : "not due",
                    "sequence " + out.get("sequence") + ", expires " + out.get("expiresAt")));
            return out;
        }
    }
}
