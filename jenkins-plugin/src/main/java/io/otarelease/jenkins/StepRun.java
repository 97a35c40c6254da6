package io.otarelease.jenkins;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Cause;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.otarelease.core.sign.SecretResolver;
import java.io.IOException;
import java.io.PrintStream;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * One call of a release step as the controller sees it: the build, its log and workspace (null outside node), the
 * administrator's settings, the profile named and the target with the call's overrides applied.
 */
record StepRun(String step, StepContext context, Run<?, ?> build, PrintStream log, FilePath workspace,
               Administration admin, OtaProfile profile, ReleaseTarget target) {

    static StepRun of(String step, StepContext c, Administration admin, ReleaseStep call)
            throws IOException, InterruptedException {
        OtaProfile profile = admin.profile(call.getProfile());
        return new StepRun(step, c, c.get(Run.class), c.get(TaskListener.class).getLogger(), c.get(FilePath.class),
                admin, profile, ReleaseTarget.of(profile, call));
    }

    /** The build's secrets, looked up with the rights of the build (so a folder's credentials are found). */
    SecretResolver secrets() {
        return JenkinsCredentials.secrets(build);
    }

    /** The stores the step opens ({@code stagingStore}, {@code productionStore}), checked before anything else. */
    StepTarget stores(String... storeFields) throws IOException, InterruptedException {
        return new StepTarget(step, target, ControllerStores.of(admin, profile, target, secrets(), storeFields));
    }

    /** The build page's OTA Release action. */
    OtaReleaseAction action() {
        return OtaReleaseAction.of(build);
    }

    /**
     * Who acts, for the registry and the audit record: the Jenkins user who started the build (else "jenkins",
     * e.g. for a timer) and the build's URL, so the record leads back to the build log and its approvals.
     */
    String actor() throws IOException, InterruptedException {
        EnvVars env = context.get(EnvVars.class);
        Cause.UserIdCause cause = build.getCause(Cause.UserIdCause.class);
        String user = cause == null ? null : Settings.trim(cause.getUserId());
        return actor(user, env == null ? null : env.get("BUILD_URL"), build.getExternalizableId());
    }

    static String actor(String userId, String buildUrl, String buildId) {
        String who = userId == null ? "jenkins" : "jenkins:" + userId;
        String where = Settings.trim(buildUrl) != null ? buildUrl.strip() : buildId;
        return where == null ? who : who + " via " + where;
    }
}
