package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.otarelease.core.Secret;
import io.otarelease.core.notify.Notifier;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code otaNotify(profile: 'shop', channel: 'releases', event: 'rollback', version: '3.4.1', message: '...')}: one
 * message to one channel (the shared library routes), the webhook URL from the Secret text credential the profile
 * names for that channel. Runs on the controller. A delivery that fails is logged and returned
 * ({@code delivered: false}); it fails the build only with {@code failOnError: true}, so telling people about a
 * rollback never stops the rollback. A missing or wrong-kind credential is a configuration error and fails the step.
 */
public final class OtaNotifyStep extends Step {
    public static final String FUNCTION_NAME = "otaNotify";

    private final String channel;
    private final String event;
    private final String version;
    private final String message;
    private String profile;
    private String appId;
    private int percent;
    private String severity;
    private String notificationCredentialsIds;
    private String transport;
    private boolean failOnError;

    /**
     * @param channel engineering, releases or incidents
     * @param event the pipeline event, e.g. rollback or canary-fail
     * @param version the release the message is about
     * @param message the text people read
     */
    @DataBoundConstructor
    public OtaNotifyStep(String channel, String event, String version, String message) {
        this.channel = Settings.trim(channel);
        this.event = Settings.trim(event);
        this.version = Settings.trim(version);
        this.message = Settings.trim(message);
    }

    public String getChannel() {
        return channel;
    }

    public String getEvent() {
        return event;
    }

    public String getVersion() {
        return version;
    }

    public String getMessage() {
        return message;
    }

    public String getProfile() {
        return profile;
    }

    /** Name of an OTA Release profile from Manage Jenkins » System; the other parameters override its fields. */
    @DataBoundSetter
    public void setProfile(String profile) {
        this.profile = Settings.trim(profile);
    }

    public String getAppId() {
        return appId;
    }

    @DataBoundSetter
    public void setAppId(String appId) {
        this.appId = Settings.trim(appId);
    }

    public int getPercent() {
        return percent;
    }

    /** @param percent the rollout percent the message is about; 0 when none */
    @DataBoundSetter
    public void setPercent(int percent) {
        this.percent = percent;
    }

    public String getSeverity() {
        return severity;
    }

    @DataBoundSetter
    public void setSeverity(String severity) {
        this.severity = Settings.trim(severity);
    }

    public String getNotificationCredentialsIds() {
        return notificationCredentialsIds;
    }

    /** @param ids overrides the profile's: {@code id}, or {@code channel=id} entries separated by commas */
    @DataBoundSetter
    public void setNotificationCredentialsIds(String ids) {
        this.notificationCredentialsIds = Settings.trim(ids);
    }

    public String getTransport() {
        return transport;
    }

    /** @param transport slack (default: Block Kit) or webhook (ota-notification/1 JSON) */
    @DataBoundSetter
    public void setTransport(String transport) {
        this.transport = Settings.trim(transport);
    }

    public boolean isFailOnError() {
        return failOnError;
    }

    @DataBoundSetter
    public void setFailOnError(boolean failOnError) {
        this.failOnError = failOnError;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** The webhook URL of the credential the profile names for the channel, read at the moment of sending. */
    static Secret webhookUrl(CredentialResolver resolver, String id) throws IOException, InterruptedException {
        StringCredentials c = resolver.require(id, StringCredentials.class, "notificationCredentialsIds",
                "otaNotify");
        return Secret.of(c.getSecret().getPlainText().toCharArray(), "credential '" + id + "'");
    }

    /** The failure that ends the build when asked to, else null: the map was logged and is returned. */
    static String failure(NotifyFlow.Result out, boolean failOnError) {
        if (!failOnError || out.delivered()) {
            return null;
        }
        return FUNCTION_NAME + ": the '" + out.event() + "' notification to " + out.channel()
                + " failed (" + out.delivery().detail() + ") and failOnError is set";
    }

    @Extension
    @Symbol(FUNCTION_NAME)
    public static final class DescriptorImpl extends OtaStepDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Tell an OTA release channel (engineering, releases, incidents)";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object ch = namedArgs.get("channel");
            Object ev = namedArgs.get("event");
            return (ch instanceof String c ? c : "?") + ": " + (ev instanceof String e ? e : "?");
        }
    }

    public static final class Execution extends OtaStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        // Steps are not serializable and this execution never resumes after a restart, so the step need not survive.
        private final transient OtaNotifyStep step;

        Execution(OtaNotifyStep step, StepContext context) {
            super(context, FUNCTION_NAME);
            this.step = step;
        }

        @Override
        protected Map<String, Object> work(StepContext c, Administration admin) throws Exception {
            return run(step, c, admin);
        }

        static Map<String, Object> run(OtaNotifyStep step, StepContext c, Administration admin) throws Exception {
            Run<?, ?> run = c.get(Run.class);
            PrintStream log = c.get(TaskListener.class).getLogger();
            OtaProfile profile = admin.profile(step.getProfile());
            String appId = Settings.pick(step.getAppId(), profile == null ? null : profile.getAppId());
            NotifyFlow.Request r = NotifyFlow.request(step, appId);
            String id = NotifyFlow.credentialId(Settings.pick(step.getNotificationCredentialsIds(),
                    profile == null ? null : profile.getNotificationCredentialsIds()), r.channel());
            Secret url = webhookUrl(new CredentialResolver(JenkinsCredentials.forRun(run)), id);
            NotifyFlow.Result out = NotifyFlow.send(r, url, Notifier.Sleeper.REAL, Instant.now(), log);
            if (Thread.interrupted()) {
                // the notifier reports an interrupt as a failed delivery; an aborted build must still stop
                throw new InterruptedException(FUNCTION_NAME + " interrupted");
            }
            String failure = failure(out, step.isFailOnError());
            if (failure != null) {
                throw new AbortException(failure);
            }
            return out.toMap();
        }
    }
}
