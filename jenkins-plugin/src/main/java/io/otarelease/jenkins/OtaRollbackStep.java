package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.otarelease.core.OtaException;
import io.otarelease.core.release.Rollback;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code otaRollback(reason: 'crash-free 97%', to: 'previous')}: a new signed pointer serving a known-good release
 * to 100%, the failed release quarantined, the Jenkins user and the build URL in the audit record. Returns from, to,
 * sequence and elapsedMillis. Runs on the controller and needs no workspace.
 */
public final class OtaRollbackStep extends ReleaseStep {
    public static final String FUNCTION_NAME = "otaRollback";

    private final String reason;
    private String to;
    private boolean force;
    private String productionStore;
    private String trustedKeys;
    private boolean waitForCdn;

    /** @param reason why: recorded in the registry and the audit log */
    @DataBoundConstructor
    public OtaRollbackStep(String reason) {
        this.reason = Settings.trim(reason);
    }

    public String getReason() {
        return reason;
    }

    public String getTo() {
        return to;
    }

    /** @param to previous (default) or a version in production */
    @DataBoundSetter
    public void setTo(String to) {
        this.to = Settings.trim(to);
    }

    public boolean isForce() {
        return force;
    }

    @DataBoundSetter
    public void setForce(boolean force) {
        this.force = force;
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

    public boolean isWaitForCdn() {
        return waitForCdn;
    }

    @DataBoundSetter
    public void setWaitForCdn(boolean waitForCdn) {
        this.waitForCdn = waitForCdn;
    }

    String requireReason() {
        if (reason == null) {
            throw new OtaException.BadInput("otaRollback needs reason: why, for the audit log");
        }
        return reason;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    @Extension
    @Symbol(FUNCTION_NAME)
    public static final class DescriptorImpl extends OtaStepDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Roll an OTA channel back to a known-good release";
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object to = namedArgs.get("to");
            return to instanceof String s ? s : "previous";
        }
    }

    public static final class Execution extends OtaStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        // Steps are not serializable and this execution never resumes after a restart, so the step need not survive.
        private final transient OtaRollbackStep step;

        Execution(OtaRollbackStep step, StepContext context) {
            super(context, FUNCTION_NAME);
            this.step = step;
        }

        @Override
        protected Map<String, Object> work(StepContext c, Administration admin) throws Exception {
            return run(step, c, admin);
        }

        /** The step's work, with the administrator's settings given (so tests drive it without a Jenkins). */
        static Map<String, Object> run(OtaRollbackStep step, StepContext c, Administration admin) throws Exception {
            String reason = step.requireReason();
            StepRun r = StepRun.of(FUNCTION_NAME, c, admin, step);
            StepTarget where = r.stores(Overrides.PRODUCTION_STORE);
            Rollback.Result out;
            try (ControllerRelease release = ControllerRelease.open(r, where)) {
                out = ChannelRollback.run(release, new ChannelRollback.Request(step.getTo(), reason, step.isForce(),
                        step.isWaitForCdn() ? Duration.ofMinutes(10) : null), Clock.systemUTC(), r.log());
            }
            r.action().recordRollback(new OtaReleaseAction.Entry(out.channel() + " " + out.failed() + " \u2192 "
                    + out.target(), "rolled back", reason + " (sequence " + out.sequence() + ", "
                    + out.totalElapsed().toMillis() + " ms)"));
            return ChannelRollback.toMap(out);
        }
    }
}
