package io.otarelease.core.cdn;

import io.otarelease.core.OtaException;
import io.otarelease.core.internal.AwsErrors;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.CloudFrontClientBuilder;
import software.amazon.awssdk.services.cloudfront.model.CreateInvalidationResponse;
import software.amazon.awssdk.services.cloudfront.model.GetInvalidationResponse;

/**
 * CloudFront invalidation through the AWS SDK v2: {@code CreateInvalidation}, then {@code GetInvalidation} until
 * {@code Completed} when asked to wait. Transient failures (throttling, 5xx, network) are retried by the SDK's
 * standard retry strategy; what still fails becomes a {@link CdnException}.
 */
public final class CloudFrontCdn implements Cdn, AutoCloseable {
    private final CloudFrontClient client;
    private final String distributionId;
    private final Duration pollInterval;

    public CloudFrontCdn(CloudFrontClient client, String distributionId, Duration pollInterval) {
        this.client = client;
        this.distributionId = distributionId;
        this.pollInterval = pollInterval;
    }

    /**
     * @param endpoint an endpoint override (tests, private endpoints), or null for AWS
     */
    public static CloudFrontCdn open(String distributionId, URI endpoint, int maxAttempts) {
        return open(distributionId, endpoint, maxAttempts, null);
    }

    /** @param credentials AWS credentials (the Jenkins plugin's), or null for the SDK's standard chain */
    public static CloudFrontCdn open(String distributionId, URI endpoint, int maxAttempts,
                                     software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
        CloudFrontClientBuilder b = CloudFrontClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.AWS_GLOBAL)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallAttemptTimeout(Duration.ofSeconds(20))
                        .build());
        if (maxAttempts > 0) {
            b.overrideConfiguration(c -> c.retryStrategy(s -> s.maxAttempts(maxAttempts)));
        }
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        if (credentials != null) {
            b.credentialsProvider(credentials);
        }
        return new CloudFrontCdn(b.build(), distributionId, Duration.ofSeconds(5));
    }

    private OtaException failure(String failed, SdkException e) {
        var config = client.serviceClientConfiguration();
        String where = config.endpointOverride().map(u -> "CloudFront endpoint " + u).orElse("AWS CloudFront");
        return AwsErrors.describe(failed, new AwsErrors.Target("distribution " + distributionId, where,
                "--cdn-distribution and --cdn-endpoint", config.credentialsProvider()), e, CdnException::new);
    }

    public CloudFrontCdn withPollInterval(Duration d) {
        return new CloudFrontCdn(client, distributionId, d);
    }

    @Override
    public String invalidate(List<String> paths) {
        try {
            CreateInvalidationResponse r = client.createInvalidation(b -> b.distributionId(distributionId)
                    .invalidationBatch(ib -> ib.callerReference("ota-" + UUID.randomUUID())
                            .paths(p -> p.quantity(paths.size()).items(paths))));
            return r.invalidation().id();
        } catch (SdkException e) {
            throw failure("CloudFront invalidation of " + paths + " on distribution " + distributionId + " failed", e);
        }
    }

    @Override
    public void awaitCompleted(String id, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            GetInvalidationResponse r;
            try {
                r = client.getInvalidation(b -> b.distributionId(distributionId).id(id));
            } catch (SdkException e) {
                throw failure("cannot read CloudFront invalidation " + id, e);
            }
            if ("Completed".equals(r.invalidation().status())) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new CdnException("CloudFront invalidation " + id + " is still " + r.invalidation().status()
                        + " after " + timeout.toSeconds() + " s", null);
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CdnException("interrupted while waiting for invalidation " + id, e);
            }
        }
    }

    @Override
    public String describe() {
        return "cloudfront distribution " + distributionId;
    }

    @Override
    public void close() {
        client.close();
    }
}
