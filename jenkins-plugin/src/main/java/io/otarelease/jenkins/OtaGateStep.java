package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code otaGate(dir: 'www', junit: 'gates.xml', sarif: 'gates.sarif')}: runs every policy gate on the agent,
 * writes the JUnit and SARIF files asked for, fails the build listing the failed gates, and otherwise returns the
 * findings (those an exception of the policy allows).
 */
public final class OtaGateStep extends Step {
    public static final String FUNCTION_NAME = "otaGate";

    private String profile;
    private String dir;
    private String policy;
    private String npmAudit;
    private String licenses;
    private String trustedKeys;
    private String junit;
    private String sarif;

    @DataBoundConstructor
    public OtaGateStep() {
    }

    public String getProfile() {
        return profile;
    }

    @DataBoundSetter
    public void setProfile(String profile) {
        this.profile = Settings.trim(profile);
    }

    public String getDir() {
        return dir;
    }

    @DataBoundSetter
    public void setDir(String dir) {
        this.dir = Settings.trim(dir);
    }

    public String getPolicy() {
        return policy;
    }

    @DataBoundSetter
    public void setPolicy(String policy) {
        this.policy = Settings.trim(policy);
    }

    public String getNpmAudit() {
        return npmAudit;
    }

    @DataBoundSetter
    public void setNpmAudit(String npmAudit) {
        this.npmAudit = Settings.trim(npmAudit);
    }

    public String getLicenses() {
        return licenses;
    }

    @DataBoundSetter
    public void setLicenses(String licenses) {
        this.licenses = Settings.trim(licenses);
    }

    public String getTrustedKeys() {
        return trustedKeys;
    }

    @DataBoundSetter
    public void setTrustedKeys(String trustedKeys) {
        this.trustedKeys = Settings.trim(trustedKeys);
    }

    public String getJunit() {
        return junit;
    }

    @DataBoundSetter
    public void setJunit(String junit) {
        this.junit = Settings.trim(junit);
    }

    public String getSarif() {
        return sarif;
    }

    @DataBoundSetter
    public void setSarif(String sarif) {
        this.sarif = Settings.trim(sarif);
    }

    /** The agent-side work of this call, with the profile's trusted keys when the call names none. */
    RunGates callable(OtaProfile p) {
        return new RunGates(Settings.pick(dir, SignRequest.DEFAULT_DIR), policy, npmAudit, licenses,
                Settings.pick(trustedKeys, p == null ? null : p.getTrustedKeys()), junit, sarif);
    }

    /** The build fails with the failed gates named; their findings are in the log above the error. */
    static String failure(RunGates.Outcome o) {
        return FUNCTION_NAME + ": " + o.failedGates().size() + " of " + o.gates().size() + " gates failed: "
                + String.join(", ", o.failedGates());
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
            return "Run the OTA release policy gates on a bundle";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class);
        }
    }

    public static final class Execution extends OtaStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        // Steps are not serializable and this execution never resumes after a restart, so the step need not survive.
        private final transient OtaGateStep step;

        Execution(OtaGateStep step, StepContext context) {
            super(context, FUNCTION_NAME);
            this.step = step;
        }

        @Override
        protected Map<String, Object> work(StepContext c, Administration admin) throws Exception {
            return run(step, c, admin);
        }

        static Map<String, Object> run(OtaGateStep step, StepContext c, Administration admin) throws Exception {
            TaskListener listener = c.get(TaskListener.class);
            RunGates.Outcome o = c.get(FilePath.class).act(step.callable(admin.profile(step.getProfile())));
            listener.getLogger().print(o.summary());
            OtaReleaseAction action = OtaReleaseAction.of(c.get(Run.class));
            for (RunGates.GateRow g : o.gates()) {
                action.addGate(new OtaReleaseAction.Entry(g.name(), g.status(), g.summary()));
            }
            if (!o.passed()) {
                throw new AbortException(failure(o));
            }
            return o.toMap();
        }
    }
}
