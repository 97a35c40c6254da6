package io.otarelease.jenkins;

import io.otarelease.core.OtaException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Copies the keys of a Jenkins AWS credential into the AWS SDK this plugin bundles. The credential's own
 * {@code resolveCredentials()} answers with the SDK classes of the aws-credentials plugin's class loader, which are
 * not ours (the plugin loads its own SDK first, see the pom), so the answer is read by reflection: its public
 * {@code accessKeyId()}, {@code secretAccessKey()} and, for temporary credentials, {@code sessionToken()}. A role the
 * credential assumes is resolved by the aws-credentials plugin itself, so this also works for IAM role credentials.
 */
final class AwsKeys {
    private AwsKeys() {
    }

    static AwsCredentialsProvider of(Object awsCredential, String id) {
        Object resolved;
        try {
            resolved = awsCredential.getClass().getMethod("resolveCredentials").invoke(awsCredential);
        } catch (InvocationTargetException e) {
            // the message of the AWS error (an assume-role refusal, an expired token), never the keys
            throw new OtaException.Infrastructure("AWS credential '" + id + "' could not be resolved: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new OtaException.BadInput("credential '" + id + "' is not an AWS credential", e);
        }
        String accessKey = call(resolved, "accessKeyId", id);
        String secretKey = call(resolved, "secretAccessKey", id);
        String token = hasMethod(resolved, "sessionToken") ? call(resolved, "sessionToken", id) : null;
        if (accessKey == null || secretKey == null) {
            throw new OtaException.BadInput("AWS credential '" + id + "' has no access key or no secret key");
        }
        return StaticCredentialsProvider.create(token == null ? AwsBasicCredentials.create(accessKey, secretKey)
                : AwsSessionCredentials.create(accessKey, secretKey, token));
    }

    private static boolean hasMethod(Object o, String name) {
        try {
            o.getClass().getMethod(name);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static String call(Object o, String name, String id) {
        try {
            Method m = o.getClass().getMethod(name);
            m.setAccessible(true); // public method of a class that may not be public (the SDK's immutable impls)
            Object v = m.invoke(o);
            return v == null ? null : v.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new OtaException.BadInput("AWS credential '" + id + "' gave credentials without " + name + "()", e);
        }
    }
}
