package io.otarelease.core.store;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Counts the HTTP requests an {@link S3Store} sends (every attempt, retries included, as the SDK transmits it) with
 * the same client settings as production. Shared by the stores of one test, so staging and production add up.
 */
public final class CountingS3 implements ExecutionInterceptor {
    /** One request as sent: the S3 operation, the HTTP method and path, and its If-None-Match header if any. */
    public record Sent(String operation, String method, String path, String ifNoneMatch) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();

    /** Opens {@code s3://bucket/prefix} on {@code endpoint} (path style) with this counter in its pipeline. */
    public S3Store open(URI endpoint, String bucket, String prefix) {
        S3Client s3 = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(32))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .endpointOverride(endpoint).region(Region.US_EAST_1)
                .overrideConfiguration(c -> c.addExecutionInterceptor(this))
                .build();
        return new S3Store(s3, bucket, prefix, new S3Settings(endpoint, "us-east-1", true));
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        var http = context.httpRequest();
        sent.add(new Sent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), http.method().name(),
                http.encodedPath(), http.firstMatchingHeader("If-None-Match").orElse(null)));
    }

    public int count() {
        return sent.size();
    }

    /** What was sent since the last {@link #reset}, in order. */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public void reset() {
        sent.clear();
    }
}
