package io.otarelease.core.doctor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * The seed's "no long-lived credentials": finds where the AWS SDK's default chain would take its keys from, in the
 * chain's order, and warns when that is a static access key (no session token), which lives until someone rotates
 * it by hand. Temporary credentials (a session token, web identity from OIDC federation, a container or instance
 * role) are fine. Reads the environment, the system properties and the shared credentials file it is given;
 * never prints a key, only where it is.
 */
public final class CredentialChecks {
    private static final String SUBJECT = "AWS credentials";
    private static final String FIX = "use short-lived credentials instead: a role assumed with web identity (OIDC "
            + "federation from the CI; docs/security.md, \"No long-lived keys\"), or the container's or instance's role";

    private CredentialChecks() {
    }

    /**
     * @param env        the process environment
     * @param properties the JVM's system properties (the SDK reads {@code aws.accessKeyId} first)
     * @param home       the user's home, where {@code .aws/credentials} is looked for unless
     *                   {@code AWS_SHARED_CREDENTIALS_FILE} names another file
     */
    public static List<Finding> check(Map<String, String> env, Map<String, String> properties, Path home) {
        if (set(properties.get("aws.accessKeyId"))) {
            return staticOrTemporary("the aws.accessKeyId system property", set(properties.get("aws.sessionToken")),
                    "aws.sessionToken");
        }
        if (set(env.get("AWS_ACCESS_KEY_ID"))) {
            return staticOrTemporary("AWS_ACCESS_KEY_ID", set(env.get("AWS_SESSION_TOKEN")), "AWS_SESSION_TOKEN");
        }
        if (set(env.get("AWS_WEB_IDENTITY_TOKEN_FILE")) && set(env.get("AWS_ROLE_ARN"))) {
            return List.of(new Finding(Finding.Status.OK, SUBJECT, "web identity: role " + env.get("AWS_ROLE_ARN")
                    + " assumed with the token in AWS_WEB_IDENTITY_TOKEN_FILE (short-lived)"));
        }
        String profile = set(env.get("AWS_PROFILE")) ? env.get("AWS_PROFILE") : "default";
        Path file = set(env.get("AWS_SHARED_CREDENTIALS_FILE")) ? Path.of(env.get("AWS_SHARED_CREDENTIALS_FILE"))
                : home.resolve(".aws").resolve("credentials");
        if (Files.isRegularFile(file)) {
            var p = ProfileFile.builder().content(file).type(ProfileFile.Type.CREDENTIALS).build().profile(profile);
            if (p.isPresent() && p.get().property("aws_access_key_id").isPresent()) {
                return staticOrTemporary("profile '" + profile + "' in " + file,
                        p.get().property("aws_session_token").isPresent(), "aws_session_token");
            }
        }
        return List.of(new Finding(Finding.Status.OK, SUBJECT, "no static access key in the system properties, the "
                + "environment or " + file + "; the SDK goes on to a profile's role, web identity or the container's "
                + "or instance's role"));
    }

    private static List<Finding> staticOrTemporary(String where, boolean hasToken, String tokenName) {
        if (hasToken) {
            return List.of(new Finding(Finding.Status.OK, SUBJECT, "temporary credentials from " + where + " ("
                    + tokenName + " set)"));
        }
        return List.of(new Finding(Finding.Status.WARNING, SUBJECT, "a static access key from " + where + " without "
                + tokenName + ": a long-lived key that works until someone revokes it; " + FIX));
    }

    private static boolean set(String s) {
        return s != null && !s.isBlank();
    }
}
