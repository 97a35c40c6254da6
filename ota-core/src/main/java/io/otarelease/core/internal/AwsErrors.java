package io.otarelease.core.internal;

import io.otarelease.core.OtaException;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.useragent.BusinessMetricFeatureId;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

/**
 * Turns AWS SDK failures (S3, DynamoDB, KMS, CloudFront) into the project's exceptions. What a person must fix —
 * no credentials, credentials refused, a bucket, table or key that does not exist, the wrong region — is
 * configuration (exit 2) and says what to check; only the rest (5xx, throttling, network) is infrastructure
 * (exit 3, a retry may help). One line each: the SDK's provider-chain dump is never shown.
 */
public final class AwsErrors {
    /** Where the SDK's default chain looks, in its order. */
    public static final String CREDENTIALS_CHAIN = "the aws.accessKeyId/aws.secretAccessKey system properties, "
            + "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or ~/.aws/credentials, web identity "
            + "(AWS_WEB_IDENTITY_TOKEN_FILE), the container or the instance role";

    private static final Set<String> WRONG_SECRET = Set.of("SignatureDoesNotMatch", "InvalidSignatureException");
    private static final Set<String> UNKNOWN_KEY = Set.of("InvalidAccessKeyId", "UnrecognizedClientException",
            "InvalidClientTokenId");
    private static final Set<String> EXPIRED = Set.of("ExpiredToken", "ExpiredTokenException", "RequestExpired",
            "InvalidToken");
    private static final Set<String> DENIED = Set.of("AccessDenied", "AccessDeniedException",
            "AllAccessDisabled", "KMSInvalidStateException");
    private static final Set<String> MISSING = Set.of("NoSuchBucket", "ResourceNotFoundException",
            "NotFoundException", "NoSuchDistribution");
    private static final Set<String> WRONG_REGION = Set.of("PermanentRedirect", "AuthorizationHeaderMalformed",
            "IllegalLocationConstraintException");

    private AwsErrors() {
    }

    /**
     * What the failed call was aimed at, named in every message.
     *
     * @param resource  e.g. {@code bucket 'acme-prod'}, {@code DynamoDB table 'ota-registry'}
     * @param endpoint  where it was asked: an endpoint URL or {@code AWS (region eu-west-1)}
     * @param location  the options that choose the place, e.g. {@code the bucket name, --s3-region and --s3-endpoint}
     * @param credentials the client's credentials provider (to name where the credentials came from), or null
     */
    public record Target(String resource, String endpoint, String location,
                         IdentityProvider<? extends AwsCredentialsIdentity> credentials) {
    }

    /**
     * @param failed         what we tried, e.g. {@code cannot write s3://acme-prod/ota/registry.json}
     * @param infrastructure the exception for failures a retry may fix (the service's own subclass)
     */
    public static OtaException describe(String failed, Target target, SdkException e,
                                        BiFunction<String, Throwable, ? extends OtaException> infrastructure) {
        if (e instanceof SdkClientException && isMissingCredentials(e)) {
            return new OtaException.BadInput(failed + ": no AWS credentials found (looked in " + CREDENTIALS_CHAIN
                    + "); configure one of them for " + target.endpoint(), e);
        }
        if (e instanceof AwsServiceException s) {
            String code = s.awsErrorDetails() == null || s.awsErrorDetails().errorCode() == null ? ""
                    : s.awsErrorDetails().errorCode();
            String why = (code.isEmpty() ? "" : code + ", ") + "HTTP " + s.statusCode();
            String config = configuration(failed, target, code, s.statusCode(), why);
            if (config != null) {
                return new OtaException.BadInput(config, e);
            }
            String detail = s.awsErrorDetails() == null || s.awsErrorDetails().errorMessage() == null
                    ? String.valueOf(s.getMessage()) : s.awsErrorDetails().errorMessage();
            return infrastructure.apply(failed + ": " + target.endpoint() + " answered " + why + ": " + detail, e);
        }
        return infrastructure.apply(failed + ": " + firstLine(e.getMessage()), e);
    }

    private static String configuration(String failed, Target t, String code, int status, String why) {
        if (WRONG_SECRET.contains(code)) {
            return failed + ": " + t.endpoint() + " refused the signature of the request (" + why + "): the secret "
                    + "access key does not match the access key id; check the credentials from " + source(t);
        }
        if (UNKNOWN_KEY.contains(code)) {
            return failed + ": " + t.endpoint() + " does not know the access key id (" + why + "); check the "
                    + "credentials from " + source(t) + " and that " + t.endpoint() + " is the endpoint they belong to";
        }
        if (EXPIRED.contains(code)) {
            return failed + ": the AWS credentials from " + source(t) + " expired or are invalid (" + why
                    + "); refresh them";
        }
        if (MISSING.contains(code)) {
            return failed + ": " + t.resource() + " does not exist at " + t.endpoint() + " (" + why + "); check "
                    + t.location();
        }
        if (WRONG_REGION.contains(code) || status == 301) {
            return failed + ": " + t.resource() + " is not served from " + t.endpoint() + " (" + why + "); check "
                    + t.location();
        }
        if (DENIED.contains(code) || status == 403) {
            return failed + ": access to " + t.resource() + " denied (" + why + "); check that the credentials from "
                    + source(t) + " may use it (IAM, bucket or key policy) and " + t.location();
        }
        return null;
    }

    private static boolean isMissingCredentials(SdkException e) {
        String m = String.valueOf(e.getMessage());
        return m.startsWith("Unable to load credentials") || m.contains("Unable to load credentials from any");
    }

    /** The provider that found the credentials (its name, never the keys), or the chain when it cannot tell. */
    private static String source(Target t) {
        if (t.credentials() != null) {
            try {
                String name = t.credentials().resolveIdentity().join().providerName().orElse(null);
                if (name != null) {
                    return describeProvider(name);
                }
            } catch (RuntimeException ignored) {
                // the chain failing now names nothing better than the chain itself
            }
        }
        return "the AWS SDK's default chain";
    }

    /**
     * The SDK names the source as feature codes ("f", "n,i"; older versions by provider class): the first decides
     * where a person should look.
     */
    static String describeProvider(String name) {
        String first = name.split(",", 2)[0].strip();
        for (Source s : SOURCES) {
            if (s.codes().contains(first) || name.contains(s.className())) {
                return s.description();
            }
        }
        return name;
    }

    private record Source(Set<String> codes, String className, String description) {
        Source(String className, String description, BusinessMetricFeatureId... codes) {
            this(java.util.Arrays.stream(codes).map(BusinessMetricFeatureId::value)
                    .collect(java.util.stream.Collectors.toSet()), className, description);
        }
    }

    private static final List<Source> SOURCES = List.of(
            new Source("SystemProperty", "the aws.accessKeyId/aws.secretAccessKey system properties",
                    BusinessMetricFeatureId.CREDENTIALS_JVM_SYSTEM_PROPERTIES),
            new Source("EnvironmentVariable", "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
                    BusinessMetricFeatureId.CREDENTIALS_ENV_VARS),
            new Source("WebIdentity", "web identity (AWS_WEB_IDENTITY_TOKEN_FILE)",
                    BusinessMetricFeatureId.CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN),
            new Source("Profile", "the AWS profile (AWS_PROFILE, ~/.aws/credentials and ~/.aws/config)",
                    BusinessMetricFeatureId.CREDENTIALS_PROFILE,
                    BusinessMetricFeatureId.CREDENTIALS_PROFILE_SOURCE_PROFILE,
                    BusinessMetricFeatureId.CREDENTIALS_PROFILE_NAMED_PROVIDER,
                    BusinessMetricFeatureId.CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN,
                    BusinessMetricFeatureId.CREDENTIALS_PROFILE_SSO,
                    BusinessMetricFeatureId.CREDENTIALS_PROFILE_SSO_LEGACY,
                    BusinessMetricFeatureId.CREDENTIALS_PROFILE_PROCESS),
            new Source("Container", "the container's role", BusinessMetricFeatureId.CREDENTIALS_HTTP),
            new Source("InstanceProfile", "the instance role", BusinessMetricFeatureId.CREDENTIALS_IMDS),
            new Source("Static", "the credentials configured for this step", BusinessMetricFeatureId.CREDENTIALS_CODE));

    private static String firstLine(String s) {
        if (s == null) {
            return "no detail";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
