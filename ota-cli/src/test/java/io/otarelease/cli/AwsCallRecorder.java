package io.otarelease.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every AWS call the production code makes (service, operation and the resource fields of the request), so
 * a test can compare what a command really did with the IAM policy printed for it. Registered for every SDK client
 * of the test JVM through the SDK's global interceptor list
 * ({@code software/amazon/awssdk/global/handlers/execution.interceptors} on the test classpath): the engine builds
 * its clients exactly as in production and is not told it is watched. Records only between {@link #start()} and
 * {@link #stop()}.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {
    /** One call: e.g. {@code S3 CopyObject {SourceBucket=..., SourceKey=..., DestinationBucket=..., ...}}. */
    record Call(String service, String operation, java.util.Map<String, String> fields) {
        String field(String name) {
            return fields.get(name);
        }
    }

    private static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    private static volatile boolean recording;
    private static final List<String> FIELDS = List.of("Bucket", "Key", "Prefix", "StartAfter", "SourceBucket",
            "SourceKey", "DestinationBucket", "DestinationKey", "KeyId", "DistributionId", "Id", "TableName");

    static void start() {
        CALLS.clear();
        recording = true;
    }

    static List<Call> stop() {
        recording = false;
        List<Call> out = new ArrayList<>(CALLS);
        CALLS.clear();
        return out;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!recording) {
            return;
        }
        SdkRequest r = context.request();
        java.util.Map<String, String> fields = new java.util.TreeMap<>();
        for (String f : FIELDS) {
            r.getValueForField(f, Object.class).ifPresent(v -> fields.put(f, String.valueOf(v)));
        }
        if (r instanceof software.amazon.awssdk.services.s3.model.CopyObjectRequest copy) {
            // the SDK folds sourceBucket/sourceKey into the x-amz-copy-source header value before interceptors see it
            String source = copy.sourceBucket() != null ? copy.sourceBucket() + "/" + copy.sourceKey()
                    : java.net.URLDecoder.decode(copy.copySource().replaceFirst("\\?versionId=.*$", ""),
                            java.nio.charset.StandardCharsets.UTF_8);
            fields.put("SourceBucket", source.substring(0, source.indexOf('/')));
            fields.put("SourceKey", source.substring(source.indexOf('/') + 1));
        }
        CALLS.add(new Call(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), fields));
    }
}
