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
            return "Roll an OTA channel back to a known-good release";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object to = namedArgs.get("to");
            return to instanceof String s ? s : "previous";
        }
    }

    public static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient OtaRollbackStep step;

        Execution(OtaRollbackStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            try {
                return run(step, getContext(), Administration.current());
            } catch (OtaException e) {
                throw StepSupport.abort(FUNCTION_NAME, e); // a user error: its message, no stack trace
            }
        }

        /** The step's work, with the administrator's settings given (so tests drive it without a Jenkins). */
        static Map<String, Object> run(OtaRollbackStep step, StepContext c, Administration admin) throws Exception {
            Run<?, ?> run = c.get(Run.class);
            PrintStream log = c.get(TaskListener.class).getLogger();
            String reason = step.requireReason();
            OtaProfile profile = admin.profile(step.getProfile());
            ReleaseTarget t = ReleaseTarget.of(profile, step);
            SecretResolver secrets = JenkinsCredentials.secrets(run);
            ControllerStores stores = ControllerStores.of(admin, profile, t, secrets, Overrides.PRODUCTION_STORE);
            var keys = ReleaseSupport.trustedKeys(t, c.get(FilePath.class), FUNCTION_NAME);
            Map<String, Object> out;
            try (Signer signer = ReleaseSupport.signer(profile, secrets, log)) {
                Cdn cdn = ReleaseFlow.openCdn(t, secrets);
                try {
                    out = ReleaseFlow.rollback(stores, t, keys, signer, cdn, ReleaseSupport.actor(run,
                            c.get(EnvVars.class)), step.getTo(), reason, step.isForce(),
                            step.isWaitForCdn() ? Duration.ofMinutes(10) : null, Clock.systemUTC(), log);
                } finally {
                    ReleaseSupport.close(cdn);
                }
            }
            StepSupport.action(run).recordRollback(new OtaReleaseAction.Entry(t.channel() + " "
                    + out.get("from") + " \u2192 " + out.get("to"), "rolled back", reason + " (sequence "
                    + out.get("sequence") + ", " + out.get("elapsedMillis") + " ms)"));
            return out;
        }
    }
}
