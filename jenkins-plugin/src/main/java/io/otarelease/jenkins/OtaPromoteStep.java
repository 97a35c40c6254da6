package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.core.OtaException;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code otaPromote(to: 'staging')} stages the signed bundle of the workspace (on the agent);
 * {@code otaPromote(to: 'production', version: '3.4.1', percent: 5)} copies it to production, publishes a new
 * signed channel pointer and invalidates the CDN (on the controller, where the signer is; no workspace needed).
 * Returns a map; for production it holds the new pointer {@code sequence}.
 */
public final class OtaPromoteStep extends ReleaseStep {
    public static final String FUNCTION_NAME = "otaPromote";

    private final String to;
    private String version;
    private int percent;
    private boolean urgent;
    private String dir;
    private String stagingStore;
    private String productionStore;
    private String trustedKeys;
    private boolean waitForCdn;

    /** @param to staging or production */
    @DataBoundConstructor
    public OtaPromoteStep(String to) {
        this.to = Settings.trim(to);
    }

    public String getTo() {
        return to;
    }

    public String getVersion() {
        return version;
    }

    /** @param version production: the staged version (default: the version of dir/manifest.json) */
    @DataBoundSetter
    public void setVersion(String version) {
        this.version = Settings.trim(version);
    }

    public int getPercent() {
        return percent;
    }

    /** @param percent production: rollout percent, 1 to 100 */
    @DataBoundSetter
    public void setPercent(int percent) {
        this.percent = percent;
    }

    public boolean isUrgent() {
        return urgent;
    }

    /** @param urgent production: mark the release urgent in the signed pointer (devices apply it at once) */
    @DataBoundSetter
    public void setUrgent(boolean urgent) {
        this.urgent = urgent;
    }

    public String getDir() {
        return dir;
    }

    @DataBoundSetter
    public void setDir(String dir) {
        this.dir = Settings.trim(dir);
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

    String bundleDir() {
        return Settings.pick(dir, SignRequest.DEFAULT_DIR);
    }

    /** Checks what does not need Jenkins: the destination and, for production, the percent. */
    String destination() {
        if (!"staging".equals(to) && !"production".equals(to)) {
            throw new OtaException.BadInput("otaPromote needs to: 'staging' or 'production'"
                    + (to == null ? "" : ", not '" + to + "'"));
        }
        if (to.equals("production")) {
            productionPercent();
        }
        return to;
    }

    /** The rollout percent of a production promotion, checked. */
    Percent productionPercent() {
        if (percent == 0) { // the parameter's default: not given
            throw new OtaException.BadInput("otaPromote to: 'production' needs percent: 1 to 100");
        }
        return Percent.of(percent, "otaPromote percent");
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** No FilePath: production runs outside node (no executor waits on an approval); staging checks for one. */
    @Extension
    @Symbol(FUNCTION_NAME)
    public static final class DescriptorImpl extends OtaStepDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Stage an OTA bundle or promote it to production";
        }

        @POST
        public FormValidation doCheckTo(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.form(item, FormChecks.destination(value));
        }

        @POST
        public FormValidation doCheckPercent(@AncestorInPath Item item, @QueryParameter String value,
                                             @QueryParameter String to) {
            return FormChecks.form(item, FormChecks.percent(value, to));
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object to = namedArgs.get("to");
            Object percent = namedArgs.get("percent");
            return to == null ? null : to + (percent == null ? "" : " " + percent + "%");
        }
    }

    public static final class Execution extends OtaStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        // Steps are not serializable and this execution never resumes after a restart, so the step need not survive.
        private final transient OtaPromoteStep step;

        Execution(OtaPromoteStep step, StepContext context) {
            super(context, FUNCTION_NAME);
            this.step = step;
        }

        @Override
        protected Map<String, Object> work(StepContext c, Administration admin) throws Exception {
            return run(step, c, admin);
        }

        /** The step's work, with the administrator's settings given (so tests drive it without a Jenkins). */
        static Map<String, Object> run(OtaPromoteStep step, StepContext c, Administration admin) throws Exception {
            String to = step.destination();
            StepRun r = StepRun.of(FUNCTION_NAME, c, admin, step);
            if (to.equals("staging")) {
                return stage(step, r, c.get(TaskListener.class));
            }
            StepTarget where = r.stores(Overrides.PRODUCTION_STORE, Overrides.STAGING_STORE);
            String version = step.getVersion();
            if (version == null && r.workspace() != null) {
                byte[] m = r.workspace().act(new ReadWorkspaceFile(step.bundleDir() + "/" + Manifest.FILE_NAME,
                        "dir"));
                version = Manifest.parse(m).version();
            }
            if (version == null) {
                throw new OtaException.BadInput("otaPromote to: 'production' needs version: the staged version");
            }
            Promoter.Result out;
            try (ControllerRelease release = ControllerRelease.open(r, where)) {
                out = ProductionPromotion.run(release, new ProductionPromotion.Request(version, step.productionPercent(),
                        step.isUrgent(), step.isWaitForCdn() ? Duration.ofMinutes(10) : null,
                        r.profile().bucketChecksMode()), Clock.systemUTC(), r.log());
            }
            OtaReleaseAction action = r.action();
            action.recordRelease(out.appId(), version, null);
            action.addRolloutStep(new OtaReleaseAction.Entry(out.channel() + " " + out.percent() + "%",
                    out.pointerChanged() ? "promoted" : "unchanged", version + ", sequence " + out.sequence()));
            return ProductionPromotion.toMap(out);
        }

        /** Staging runs on the agent, where the bundle is. */
        private static Map<String, Object> stage(OtaPromoteStep step, StepRun r, TaskListener listener)
                throws Exception {
            if (r.workspace() == null) {
                throw new OtaException.BadInput("otaPromote to: 'staging' uploads the bundle in the "
                        + "workspace: call it inside node");
            }
            PrintStream log = r.log();
            log.println("otaPromote: staging " + step.bundleDir() + " to " + r.target().requireStore("staging",
                    FUNCTION_NAME) + " from the agent");
            StageBundle.Outcome o = r.workspace().act(new StageBundle(r.target(), step.bundleDir(), listener));
            log.println("otaPromote: " + (o.alreadyStaged() ? "already staged" : "staged") + " " + o.appId()
                    + " " + o.version() + " in " + o.store() + ": " + o.filesUploaded() + " of " + o.files()
                    + " files uploaded (" + o.bytesUploaded() + " bytes)");
            OtaReleaseAction action = r.action();
            action.recordRelease(o.appId(), o.version(), o.bundleHash());
            action.addRolloutStep(new OtaReleaseAction.Entry("staging", o.alreadyStaged() ? "already staged"
                    : "staged", o.version() + ", " + o.filesUploaded() + " files uploaded"));
            return o.toMap();
        }
    }
}
