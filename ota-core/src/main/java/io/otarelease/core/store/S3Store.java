package io.otarelease.core.store;

import io.otarelease.core.OtaException;
import io.otarelease.core.internal.AwsErrors;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A store in an S3 bucket under a prefix ({@code s3://bucket/prefix}) through the AWS SDK v2.
 *
 * <p>Conditional writes use S3's own preconditions: {@code If-None-Match: *} for immutable objects and
 * {@code If-Match: <etag>} for the registry and pointers; a 412 (or S3's 409 for a concurrent conditional write)
 * is a lost race, never an overwrite.
 */
public final class S3Store implements Store {
    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final S3Settings settings;

    S3Store(S3Client s3, String bucket, String prefix, S3Settings settings) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        this.settings = settings;
    }

    public static S3Store open(String bucket, String prefix, S3Settings settings) {
        return open(bucket, prefix, settings, null);
    }

    /**
     * @param credentials the keys to sign requests with, or null for the SDK's default chain (a Jenkins controller
     *                    passes the credential its administrator named, never its own identity)
     */
    public static S3Store open(String bucket, String prefix, S3Settings settings,
                               software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder().maxConnections(32))
                .forcePathStyle(settings.pathStyle())
                // conditional writes and S3-compatible servers: send checksums only where S3 requires them
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (credentials != null) {
            b.credentialsProvider(credentials);
        }
        if (settings.endpoint() != null) {
            b.endpointOverride(settings.endpoint());
        }
        if (settings.region() != null) {
            b.region(Region.of(settings.region()));
        } else if (settings.endpoint() != null) {
            b.region(Region.US_EAST_1); // S3-compatible servers ignore it, but the signer needs one
        }
        try {
            return new S3Store(b.build(), bucket, prefix, settings);
        } catch (SdkException e) {
            throw new OtaException.BadInput("cannot set up the S3 client for s3://" + bucket + "/" + prefix + ": "
                    + e.getMessage(), e);
        }
    }

    public S3Settings settings() {
        return settings;
    }

    @Override
    public String url() {
        return "s3://" + bucket + "/" + prefix;
    }

    private String k(String key) {
        return prefix + key;
    }

    @Override
    public Optional<StoredObject> get(String key) {
        try {
            ResponseBytes<GetObjectResponse> r = s3.getObjectAsBytes(b -> b.bucket(bucket).key(k(key)));
            return Optional.of(new StoredObject(r.asByteArray(), r.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public Optional<InputStream> open(String key) {
        try {
            return Optional.of(s3.getObject(b -> b.bucket(bucket).key(k(key))));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(k(key)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw failure("check", key, e);
        } catch (SdkException e) {
            throw failure("check", key, e);
        }
    }

    @Override
    public Optional<String> putIfAbsent(String key, Body body) {
        try {
            return Optional.of(put(PutObjectRequest.builder().ifNoneMatch("*"), key, body).eTag());
        } catch (S3Exception e) {
            if (isConflict(e)) {
                return Optional.empty();
            }
            throw failure("write", key, e);
        } catch (SdkException e) {
            throw failure("write", key, e);
        }
    }

    @Override
    public String putIfMatch(String key, Body body, String etag) {
        PutObjectRequest.Builder req = PutObjectRequest.builder();
        if (etag == null) {
            req.ifNoneMatch("*");
        } else {
            req.ifMatch(etag);
        }
        try {
            return put(req, key, body).eTag();
        } catch (S3Exception e) {
            if (isConflict(e)) {
                // The SDK retries a request whose response was lost; if our first attempt landed, its retry meets
                // our own write and fails the precondition. Same bytes there means the write is ours: success.
                Optional<StoredObject> now = get(key);
                if (now.isPresent() && java.util.Arrays.equals(now.get().bytes(), body.bytes())) {
                    return now.get().etag();
                }
            }
            if (isConflict(e) || (etag != null && e.statusCode() == 404 && !isMissingBucket(e))) {
                throw new StoreConflictException(url() + key + " changed while we worked (expected "
                        + (etag == null ? "no object" : "ETag " + etag) + "); nothing was written");
            }
            throw failure("write", key, e);
        } catch (SdkException e) {
            throw failure("write", key, e);
        }
    }

    private PutObjectResponse put(PutObjectRequest.Builder req, String key, Body body) {
        req.bucket(bucket).key(k(key)).contentLength(body.length()).contentType(contentType(key));
        if (key.contains("/blobs/") || key.contains("/releases/")) {
            req.cacheControl("public, max-age=31536000, immutable");
        } else if (key.contains("/channels/")) {
            req.cacheControl("no-cache");
        }
        RequestBody rb = body.file() != null ? RequestBody.fromFile(body.file()) : RequestBody.fromBytes(body.bytes());
        return s3.putObject(req.build(), rb);
    }

    private static boolean isMissingBucket(S3Exception e) {
        return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
    }

    private static boolean isConflict(S3Exception e) {
        return e.statusCode() == 412 || e.statusCode() == 409;
    }

    @Override
    public List<Entry> listEntries(String keyPrefix) {
        return listFrom(keyPrefix, null);
    }

    @Override
    public List<String> listAfter(String keyPrefix, String startAfter) {
        return listFrom(keyPrefix, startAfter).stream().map(Entry::key).toList();
    }

    private List<Entry> listFrom(String keyPrefix, String startAfter) {
        List<Entry> out = new ArrayList<>();
        try {
            for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(k(keyPrefix))
                    .startAfter(startAfter == null ? null : k(startAfter)))) {
                for (S3Object o : page.contents()) {
                    out.add(new Entry(o.key().substring(prefix.length()), o.size(), o.lastModified()));
                }
            }
        } catch (SdkException e) {
            throw failure("list", keyPrefix, e);
        }
        out.sort(java.util.Comparator.comparing(Entry::key));
        return out;
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(k(key)));
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    @Override
    public boolean copiesServerSide(Store source) {
        return source instanceof S3Store src && Objects.equals(src.settings.endpoint(), settings.endpoint());
    }

    /**
     * Server-side {@code CopyObject} with {@code If-None-Match: *} when the source is an S3 store on the same
     * endpoint (one request, no HEAD first); streamed otherwise.
     */
    @Override
    public boolean copyIfAbsent(Store source, String key) {
        if (!copiesServerSide(source)) {
            return Store.super.copyIfAbsent(source, key);
        }
        S3Store src = (S3Store) source;
        try {
            s3.copyObject(CopyObjectRequest.builder().sourceBucket(src.bucket).sourceKey(src.k(key))
                    .destinationBucket(bucket).destinationKey(k(key)).ifNoneMatch("*").build());
            return true;
        } catch (S3Exception e) {
            if (isConflict(e)) {
                return false;
            }
            throw failure("copy", key, e);
        } catch (SdkException e) {
            throw failure("copy", key, e);
        }
    }

    public String bucket() {
        return bucket;
    }

    /**
     * The bucket's default encryption (GetBucketEncryption, IAM action {@code s3:GetEncryptionConfiguration}). A
     * setting the credentials may not read, or the endpoint does not answer, is {@link BucketSetting#unreadable}
     * with the reason; a missing bucket is configuration (exit 2), other failures infrastructure (exit 3).
     */
    public BucketSetting defaultEncryption() {
        return readSetting("GetBucketEncryption", "s3:GetEncryptionConfiguration", this::encryption);
    }

    /** The bucket's versioning (GetBucketVersioning, IAM action {@code s3:GetBucketVersioning}); as above. */
    public BucketSetting versioning() {
        return readSetting("GetBucketVersioning", "s3:GetBucketVersioning", () -> {
            String status = s3.getBucketVersioning(b -> b.bucket(bucket)).statusAsString();
            return "Enabled".equals(status) ? BucketSetting.on("Enabled")
                    : BucketSetting.off(status == null || status.isEmpty() ? "never enabled" : status);
        });
    }

    private BucketSetting encryption() {
        try {
            var rules = s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules();
            for (var rule : rules) {
                var by = rule.applyServerSideEncryptionByDefault();
                if (by == null || by.sseAlgorithmAsString() == null) {
                    continue;
                }
                String alg = by.sseAlgorithmAsString();
                if (alg.equals("AES256")) {
                    return BucketSetting.on("SSE-S3 (AES256)");
                }
                if (alg.startsWith("aws:kms")) {
                    return BucketSetting.on("SSE-KMS (" + alg + (by.kmsMasterKeyID() == null ? ""
                            : ", key " + by.kmsMasterKeyID()) + ")");
                }
                return BucketSetting.off("an unknown algorithm " + alg);
            }
            return BucketSetting.off("none");
        } catch (S3Exception e) {
            if ("ServerSideEncryptionConfigurationNotFoundError".equals(errorCode(e))) {
                return BucketSetting.off("none");
            }
            throw e;
        }
    }

    private BucketSetting readSetting(String call, String action, java.util.function.Supplier<BucketSetting> read) {
        try {
            return read.get();
        } catch (S3Exception e) {
            String why = (errorCode(e).isEmpty() ? "" : errorCode(e) + ", ") + "HTTP " + e.statusCode();
            // only a refusal of this call; a bad signature or unknown key is the credentials', said as for objects
            if (e.statusCode() == 403 && (errorCode(e).isEmpty() || errorCode(e).equals("AccessDenied"))) {
                return BucketSetting.unreadable("access denied (" + why + "): the credentials need " + action
                        + " on arn:aws:s3:::" + bucket);
            }
            if (e.statusCode() == 501 || e.statusCode() == 405 || "NotImplemented".equals(errorCode(e))) {
                return BucketSetting.unreadable(endpointName() + " does not answer " + call + " (" + why + ")");
            }
            throw AwsErrors.describe("cannot read the settings of bucket '" + bucket + "' (" + call + ")", target(),
                    e, OtaException.Infrastructure::new);
        } catch (SdkException e) {
            throw AwsErrors.describe("cannot read the settings of bucket '" + bucket + "' (" + call + ")", target(),
                    e, OtaException.Infrastructure::new);
        }
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : e.awsErrorDetails().errorCode();
    }

    private String endpointName() {
        return settings.endpoint() != null ? "S3 endpoint " + settings.endpoint() : "AWS S3";
    }

    static String contentType(String key) {
        return key.endsWith(".json") || key.endsWith(".sig") ? "application/json" : "application/octet-stream";
    }

    private OtaException failure(String verb, String key, SdkException e) {
        return AwsErrors.describe("cannot " + verb + " " + url() + key, target(), e, OtaException.Infrastructure::new);
    }

    private AwsErrors.Target target() {
        String where = settings.endpoint() != null ? endpointName()
                : "AWS S3 (region " + (settings.region() != null ? settings.region() : "from the SDK's region chain")
                        + ")";
        return new AwsErrors.Target("bucket '" + bucket + "'", where,
                "the bucket name in the store URL, --s3-region and --s3-endpoint",
                s3.serviceClientConfiguration().credentialsProvider());
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return url();
    }

    static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
