package io.otarelease.jenkins;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Cause;
import hudson.model.Run;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.sign.SecretResolver;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SignerFactory;
import java.io.IOException;
import java.io.PrintStream;

/** The Jenkins glue of the release steps: who acts, the keys devices trust, the profile's signer, the CDN. */
final class ReleaseSupport {
    private ReleaseSupport() {
    }

    /**
     * Who acts, for the registry and the audit record: the Jenkins user who started the build (else "jenkins",
     * e.g. for a timer) and the build's URL, so the record leads back to the build log and its approvals.
     */
    static String actor(Run<?, ?> run, EnvVars env) {
        Cause.UserIdCause cause = run.getCause(Cause.UserIdCause.class);
        String user = cause == null ? null : Settings.trim(cause.getUserId());
        return actor(user, env == null ? null : env.get("BUILD_URL"), run.getExternalizableId());
    }

    static String actor(String userId, String buildUrl, String buildId) {
        String who = userId == null ? "jenkins" : "jenkins:" + userId;
        String where = Settings.trim(buildUrl) != null ? buildUrl.strip() : buildId;
        return where == null ? who : who + " via " + where;
    }

    /** From the workspace when the step runs inside node and names a file, else the profile's content. */
    static TrustedKeys trustedKeys(ReleaseTarget t, FilePath workspace, String step)
            throws IOException, InterruptedException {
        byte[] file = null;
        if (workspace != null && t.trustedKeys() != null) {
            file = workspace.act(new ReadWorkspaceFile(t.trustedKeys(), "trustedKeys"));
        }
        return ReleaseFlow.trustedKeys(file, t.trustedKeys(), t.trustedKeysContent(), step);
    }

    /** The profile's signer signs channel pointers (no per-call override: the key is the administrator's). */
    static Signer signer(OtaProfile profile, SecretResolver secrets, PrintStream log)
            throws IOException, InterruptedException {
        return SignerFactory.open(OtaSignerSettings.spec(profile == null ? null : profile.getSigner(), null), secrets,
                log::println);
    }

    static void close(Cdn cdn) {
        if (cdn instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // the CDN client holds only an HTTP pool; failing to close it changes nothing released
            }
        }
    }
}
