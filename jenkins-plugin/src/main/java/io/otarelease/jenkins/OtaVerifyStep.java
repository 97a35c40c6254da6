package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.TaskListener;
import io.otarelease.core.OtaException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code otaVerify(trustedKeys: 'keys/trusted-keys.json')}: checks the bundle on the agent exactly as a device
 * does, fails the build with the reason when it would be refused, and returns appId, version, bundleHash, keyId,
 * algorithm, fileCount and totalBytes. Needs no secret.
 */
public final class OtaVerifyStep extends Step {
    public static final String FUNCTION_NAME = "otaVerify";

    private String profile;
    private String dir;
    private String trustedKeys;
    private String appId;

    @DataBoundConstructor
    public OtaVerifyStep() {
    }

    public String getProfile() {
        return profile;
    }

    /** Name of an OTA Release profile; supplies trustedKeys and appId when the call does not. */
    @DataBoundSetter
    public void setProfile(String profile) {
        this.profile = Settings.trim(profile);
    }

    public String getDir() {
        return dir;
    }

    /** Bundle directory, relative to the workspace (default www). */
    @DataBoundSetter
    public void setDir(String dir) {
        this.dir = Settings.trim(dir);
    }

    public String getTrustedKeys() {
        return trustedKeys;
    }

    /** Workspace path of the trusted-keys.json the app embeds. */
    @DataBoundSetter
    public void setTrustedKeys(String trustedKeys) {
        this.trustedKeys = Settings.trim(trustedKeys);
    }

    public String getAppId() {
        return appId;
    }

    /** When set (here or on the profile), the manifest must be for this app. */
    @DataBoundSetter
    public void setAppId(String appId) {
        this.appId = Settings.trim(appId);
    }

    /** The call with its profile applied: what to check, and against which keys and app. */
    record Request(String dir, String trustedKeys, String appId) {
        static Request of(OtaVerifyStep step, OtaProfile profile) {
            String keys = Settings.pick(step.getTrustedKeys(), profile == null ? null : profile.getTrustedKeys());
            if (keys == null) {
                throw new OtaException.BadInput("otaVerify needs trustedKeys: the workspace path of the "
                        + "trusted-keys.json the app embeds (pass it or set it on the profile)");
            }
            return new Request(Settings.pick(step.getDir(), SignRequest.DEFAULT_DIR), keys,
                    Settings.pick(step.getAppId(), profile == null ? null : profile.getAppId()));
        }

        /** The step's result, or the reason the bundle is refused. */
        Map<String, Object> outcome(VerifyBundle.Result r) {
            if (!r.valid()) {
                throw new OtaException.CheckFailed(dir + " would be refused by devices: " + r.refusal());
            }
            if (appId != null && !appId.equals(r.appId())) {
                throw new OtaException.CheckFailed(dir + " is signed for app " + r.appId() + ", not " + appId);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("appId", r.appId());
            m.put("version", r.version());
            m.put("bundleHash", r.bundleHash());
            m.put("keyId", r.keyId());
            m.put("algorithm", r.algorithm());
            m.put("fileCount", r.fileCount());
            m.put("totalBytes", r.totalBytes());
            return m;
        }
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
            return "Verify an OTA bundle as a device does";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(TaskListener.class, FilePath.class);
        }

        /** What the stage view shows beside the step: the directory checked. */
        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object dir = namedArgs.get("dir");
            return dir instanceof String s ? s : SignRequest.DEFAULT_DIR;
        }
    }

    public static final class Execution extends OtaStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        // Steps are not serializable and this execution never resumes after a restart, so the step need not survive.
        private final transient OtaVerifyStep step;

        Execution(OtaVerifyStep step, StepContext context) {
            super(context, FUNCTION_NAME);
            this.step = step;
        }

        @Override
        protected Map<String, Object> work(StepContext c, Administration admin) throws Exception {
            return run(step, c, admin);
        }

        static Map<String, Object> run(OtaVerifyStep step, StepContext c, Administration admin) throws Exception {
            PrintStream log = c.get(TaskListener.class).getLogger();
            Request req = Request.of(step, admin.profile(step.getProfile()));
            VerifyBundle.Result r = c.get(FilePath.class).act(new VerifyBundle(req.dir(), req.trustedKeys()));
            Map<String, Object> out = req.outcome(r);
            log.println("otaVerify: " + req.dir() + " is valid: " + r.appId() + " " + r.version() + ", "
                    + r.fileCount() + " files, " + r.bundleHash() + ", signed by " + r.keyId());
            return out;
        }
    }
}
