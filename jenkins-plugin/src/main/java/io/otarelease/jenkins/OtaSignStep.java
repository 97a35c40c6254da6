package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.otarelease.core.OtaException;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SignerFactory;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code otaSign(version: '3.4.1', profile: 'shop')}: writes manifest.json and manifest.sig into the bundle
 * directory and returns version, bundleHash, keyId, algorithm, fileCount and totalBytes. The manifest is computed
 * on the agent; the signature is made on the controller, so keys, PINs and client identities never reach an agent.
 */
public final class OtaSignStep extends Step {
    public static final String FUNCTION_NAME = "otaSign";

    private final String version;
    private String profile;
    private String dir;
    private String appId;
    private String minNativeVersion;
    private String platform;
    private String sourceCommit;
    private String sourceRef;
    private String signer;
    private String keyId;
    private String algorithm;
    private String signerUrl;
    private String clientCertificateCredentialsId;
    private String serverCaCredentialsId;
    private String pinCredentialsId;
    private String awsCredentialsId;
    private String keyLabel;
    private String kmsKey;
    private String awsRegion;

    @DataBoundConstructor
    public OtaSignStep(String version) {
        this.version = Settings.trim(version);
    }

    public String getVersion() {
        return version;
    }

    public String getProfile() {
        return profile;
    }

    /** Name of an OTA Release profile from Manage Jenkins » System; the other parameters override its fields. */
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

    public String getAppId() {
        return appId;
    }

    /** Application id, e.g. com.example.shop (default: the profile's). */
    @DataBoundSetter
    public void setAppId(String appId) {
        this.appId = Settings.trim(appId);
    }

    public String getMinNativeVersion() {
        return minNativeVersion;
    }

    /** Oldest native app version this bundle runs on. */
    @DataBoundSetter
    public void setMinNativeVersion(String minNativeVersion) {
        this.minNativeVersion = Settings.trim(minNativeVersion);
    }

    public String getPlatform() {
        return platform;
    }

    /** android or ios for a bundle with platform-specific files; empty: the bundle fits every platform. */
    @DataBoundSetter
    public void setPlatform(String platform) {
        this.platform = Settings.trim(platform);
    }

    public String getSourceCommit() {
        return sourceCommit;
    }

    /** Commit the bundle was built from (default: GIT_COMMIT). */
    @DataBoundSetter
    public void setSourceCommit(String sourceCommit) {
        this.sourceCommit = Settings.trim(sourceCommit);
    }

    public String getSourceRef() {
        return sourceRef;
    }

    /** Tag or branch (default: TAG_NAME, else BRANCH_NAME). */
    @DataBoundSetter
    public void setSourceRef(String sourceRef) {
        this.sourceRef = Settings.trim(sourceRef);
    }

    public String getSigner() {
        return signer;
    }

    /** Signer type: remote (hsm is another name for it), kms, pkcs11 or file (default: the profile's). */
    @DataBoundSetter
    public void setSigner(String signer) {
        this.signer = Settings.trim(signer);
    }

    public String getKeyId() {
        return keyId;
    }

    /** Key id written into manifest.sig. */
    @DataBoundSetter
    public void setKeyId(String keyId) {
        this.keyId = Settings.trim(keyId);
    }

    public String getAlgorithm() {
        return algorithm;
    }

    /** RSASSA_PKCS1_V1_5_SHA_256, RSASSA_PSS_SHA_256 or ECDSA_SHA_256. */
    @DataBoundSetter
    public void setAlgorithm(String algorithm) {
        this.algorithm = Settings.trim(algorithm);
    }

    public String getSignerUrl() {
        return signerUrl;
    }

    /** remote: URL of the signing server, refused unless the profile lists signerUrl in allowedOverrides. */
    @DataBoundSetter
    public void setSignerUrl(String signerUrl) {
        this.signerUrl = Settings.trim(signerUrl);
    }

    public String getClientCertificateCredentialsId() {
        return clientCertificateCredentialsId;
    }

    /** remote: Certificate credential with the client identity. */
    @DataBoundSetter
    public void setClientCertificateCredentialsId(String clientCertificateCredentialsId) {
        this.clientCertificateCredentialsId = Settings.trim(clientCertificateCredentialsId);
    }

    public String getServerCaCredentialsId() {
        return serverCaCredentialsId;
    }

    /** remote: Secret file or Secret text credential with the server CA (PEM). */
    @DataBoundSetter
    public void setServerCaCredentialsId(String serverCaCredentialsId) {
        this.serverCaCredentialsId = Settings.trim(serverCaCredentialsId);
    }

    public String getPinCredentialsId() {
        return pinCredentialsId;
    }

    /** pkcs11: Secret text credential holding the token PIN. */
    @DataBoundSetter
    public void setPinCredentialsId(String pinCredentialsId) {
        this.pinCredentialsId = Settings.trim(pinCredentialsId);
    }

    public String getAwsCredentialsId() {
        return awsCredentialsId;
    }

    /** kms: AWS credential. */
    @DataBoundSetter
    public void setAwsCredentialsId(String awsCredentialsId) {
        this.awsCredentialsId = Settings.trim(awsCredentialsId);
    }

    public String getKeyLabel() {
        return keyLabel;
    }

    /** pkcs11: label of the key in the token. */
    @DataBoundSetter
    public void setKeyLabel(String keyLabel) {
        this.keyLabel = Settings.trim(keyLabel);
    }

    public String getKmsKey() {
        return kmsKey;
    }

    /** kms: the KMS key id, ARN or alias. */
    @DataBoundSetter
    public void setKmsKey(String kmsKey) {
        this.kmsKey = Settings.trim(kmsKey);
    }

    public String getAwsRegion() {
        return awsRegion;
    }

    /** kms: the AWS region of the key. */
    @DataBoundSetter
    public void setAwsRegion(String awsRegion) {
        this.awsRegion = Settings.trim(awsRegion);
    }

    /**
     * The signer fields given to this call, to lay over the profile's. Paths on the controller (PKCS#11 library or
     * configuration, key file) are deliberately not among them: a Jenkinsfile must not make the controller load a
     * native library or read a key file of its choosing. Only an administrator sets them, on the profile.
     */
    OtaSignerSettings signerOverrides() {
        OtaSignerSettings s = new OtaSignerSettings(signer);
        s.setKeyId(keyId);
        s.setAlgorithm(algorithm);
        s.setSignerUrl(signerUrl);
        s.setClientCertificateCredentialsId(clientCertificateCredentialsId);
        s.setServerCaCredentialsId(serverCaCredentialsId);
        s.setPinCredentialsId(pinCredentialsId);
        s.setAwsCredentialsId(awsCredentialsId);
        s.setKeyLabel(keyLabel);
        s.setKmsKey(kmsKey);
        s.setAwsRegion(awsRegion);
        return s;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** The symbol is the function name, so the step reads the same wherever structs resolves it. */
    @Extension
    @Symbol(FUNCTION_NAME)
    public static final class DescriptorImpl extends StepDescriptor {
        /** Empty: the profile's signer. */
        @POST
        public FormValidation doCheckSigner(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.form(item, FormChecks.signerType(value, false));
        }

        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Sign an OTA bundle (manifest.json + manifest.sig)";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, EnvVars.class);
        }

        /** What the stage view shows beside the step: the version signed. */
        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object v = namedArgs.get("version");
            return v instanceof String s ? s : null;
        }

        public ListBoxModel doFillPinCredentialsIdItems(@AncestorInPath Item item,
                @QueryParameter String pinCredentialsId) {
            return CredentialChoices.of(item, pinCredentialsId, CredentialResolver.Kind.SECRET_TEXT);
        }

        public ListBoxModel doFillClientCertificateCredentialsIdItems(@AncestorInPath Item item,
                @QueryParameter String clientCertificateCredentialsId) {
            return CredentialChoices.of(item, clientCertificateCredentialsId, CredentialResolver.Kind.CERTIFICATE);
        }

        public ListBoxModel doFillServerCaCredentialsIdItems(@AncestorInPath Item item,
                @QueryParameter String serverCaCredentialsId) {
            return CredentialChoices.of(item, serverCaCredentialsId, CredentialResolver.Kind.SECRET_FILE,
                    CredentialResolver.Kind.SECRET_TEXT);
        }

        public ListBoxModel doFillAwsCredentialsIdItems(@AncestorInPath Item item,
                @QueryParameter String awsCredentialsId) {
            return CredentialChoices.of(item, awsCredentialsId, CredentialResolver.Kind.AWS);
        }
    }

    public static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        // Steps are not serializable and this execution never resumes after a restart, so the step need not survive.
        private final transient OtaSignStep step;

        Execution(OtaSignStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            try {
                return run(step, getContext(), Administration.current());
            } catch (OtaException e) {
                throw OtaStepExecution.abort(FUNCTION_NAME, e); // a user error: its message, no stack trace
            }
        }

        /** The step's work, with the administrator's settings given (so tests drive it without a Jenkins). */
        static Map<String, Object> run(OtaSignStep step, StepContext c, Administration admin) throws Exception {
            Run<?, ?> run = c.get(Run.class);
            FilePath workspace = c.get(FilePath.class);
            TaskListener listener = c.get(TaskListener.class);
            PrintStream log = listener.getLogger();
            OtaProfile profile = admin.profile(step.getProfile());
            SignRequest req = SignRequest.of(step, profile, c.get(EnvVars.class));
            try (Signer signer = SignerFactory.open(req.signer(), JenkinsCredentials.secrets(run), log::println)) {
                SignFlow.Outcome outcome = SignFlow.run(workspace.child(req.dir())::act, req, signer,
                        Clock.systemUTC(), listener, BuildLogProgress.DEFAULT_STEP, log);
                OtaReleaseAction.of(run).recordSigned(outcome);
                return outcome.toMap();
            }
        }
    }
}
