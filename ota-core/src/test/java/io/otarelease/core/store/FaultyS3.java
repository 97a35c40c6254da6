package io.otarelease.core.store;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;

/**
 * Faults injected into the real AWS SDK pipeline of an {@link S3Store} (the same client settings as production,
 * plus call timeouts): a write (PutObject or CopyObject) whose key matches either fails as a reset connection
 * would, or stalls until the SDK's own call timeout gives up on it. Everything else reaches the S3 server.
 */
public final class FaultyS3 implements ExecutionInterceptor {
    public enum Kind { ERROR, TIMEOUT }

    /** The SDK gives up on a call (all its attempts) after this long: ample for S3Proxy on a loaded machine. */
    public static final Duration CALL_TIMEOUT = Duration.ofMillis(3000);

    private volatile Kind kind;
    private volatile Predicate<String> keys = k -> false;
    public final AtomicInteger injected = new AtomicInteger();

    /** Opens {@code s3://bucket/prefix} on {@code endpoint} (path style) with this interceptor in its pipeline. */
    public S3Store open(URI endpoint, String bucket, String prefix) {
        S3Client s3 = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(32))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .endpointOverride(endpoint).region(Region.US_EAST_1)
                .overrideConfiguration(c -> c.addExecutionInterceptor(this)
                        .apiCallTimeout(CALL_TIMEOUT))
                .build();
        return new S3Store(s3, bucket, prefix, new S3Settings(endpoint, "us-east-1", true));
    }

    /** Writes to keys matching {@code keys} fail the way {@code kind} says, until {@link #heal()}. */
    public void inject(Kind kind, Predicate<String> keys) {
        this.kind = kind;
        this.keys = keys;
    }

    public void heal() {
        keys = k -> false;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        String key = r instanceof PutObjectRequest p ? p.key()
                : r instanceof CopyObjectRequest c ? c.destinationKey() : null;
        if (key == null || !keys.test(key)) {
            return;
        }
        injected.incrementAndGet();
        if (kind == Kind.ERROR) {
            throw SdkClientException.create("Connection reset (injected fault writing " + key + ")");
        }
        try {
            Thread.sleep(CALL_TIMEOUT.multipliedBy(4).toMillis()); // the SDK's call timeout interrupts this
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw SdkClientException.create("stalled write of " + key + " was not timed out by the SDK");
    }
}
