package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.FilePath;
import io.otarelease.core.OtaException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
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

    /** No FilePath: a scheduled refresh must not wait for an agent. */
    @Extension
    @Symbol(FUNCTION_NAME)
    public static final class DescriptorImpl extends OtaStepDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Re-sign an OTA channel pointer before it expires";
        }
    }

    public static final class Execution extends OtaStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        // Steps are not serializable and this execution never resumes after a restart, so the step need not survive.
        private final transient OtaRefreshStep step;

        Execution(OtaRefreshStep step, StepContext context) {
            super(context, FUNCTION_NAME);
            this.step = step;
        }

        @Override
        protected Map<String, Object> work(StepContext c, Administration admin) throws Exception {
            return run(step, c, admin);
        }

        /** The step's work, with the administrator's settings given (so tests drive it without a Jenkins). */
        static Map<String, Object> run(OtaRefreshStep step, StepContext c, Administration admin) throws Exception {
            Duration within = step.refreshWithin();
            StepRun r = StepRun.of(FUNCTION_NAME, c, admin, step);
            StepTarget where = r.stores(Overrides.PRODUCTION_STORE);
            PointerRefresh.Result out;
            try (ControllerRelease release = ControllerRelease.open(r, where)) {
                out = PointerRefresh.run(release, within, Clock.systemUTC(), r.log());
            }
            r.action().addRolloutStep(new OtaReleaseAction.Entry(r.target().channel() + " refresh",
                    out.refreshed() ? "refreshed" : "not due",
                    "sequence " + out.pointer().sequence() + ", expires " + out.pointer().expiresAt()));
            return out.toMap();
        }
    }
}
