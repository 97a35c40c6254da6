package io.otarelease.core.testing;

import io.otarelease.core.store.S3Settings;
import io.otarelease.core.store.S3Store;
import io.otarelease.core.store.Stores;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * A real S3 endpoint (S3Proxy, in-memory) on 127.0.0.1 inside the test JVM. The SDK finds the credentials through
 * its standard chain (the aws.accessKeyId / aws.secretAccessKey system properties), as production code does.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "ota-test-access";
    public static final String SECRET_KEY = "ota-test-secret-key";
    private final S3Proxy proxy;
    private final URI endpoint;
    private final BlobStore blobs;

    private S3ProxyServer(S3Proxy proxy, URI endpoint, BlobStore blobs) {
        this.proxy = proxy;
        this.endpoint = endpoint;
        this.blobs = blobs;
    }

    public static S3ProxyServer start() throws Exception {
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
        System.setProperty("aws.region", "us-east-1");
        BlobStore blobs = BlobStores.create("transient", new Properties());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobs)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.currentTimeMillis() + 20_000;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(20);
        }
        return new S3ProxyServer(proxy, URI.create("http://127.0.0.1:" + proxy.getPort()), blobs);
    }

    /**
     * Runs S3Proxy as its own process for the benchmarks: {@code S3ProxyServer PORT METRICS_PORT}. Request counts
     * are served in Prometheus text at {@code http://127.0.0.1:METRICS_PORT/metrics}.
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int metricsPort = Integer.parseInt(args[1]);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(BlobStores.create("transient", new Properties()))
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .metricsEnabled(true).metricsHost("127.0.0.1").metricsPort(metricsPort)
                .build();
        proxy.start();
        System.out.println("S3Proxy on http://127.0.0.1:" + port + ", metrics on " + metricsPort);
        Thread.currentThread().join();
    }

    /**
     * Writes an object into the bucket behind the server, not through HTTP: a cheap way to fill a store with what
     * earlier releases would have left (thousands of objects in milliseconds, and no request counted).
     */
    public void seed(String bucket, String key, byte[] data) {
        blobs.putBlob(PutObjectRequest.builder().bucket(bucket).key(key).contentLength((long) data.length).build(),
                new ByteArrayInputStream(data));
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3Settings settings() {
        return new S3Settings(endpoint, "us-east-1", true);
    }

    public S3Client client() {
        return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    /** Creates {@code bucket} and opens a store on {@code s3://bucket/prefix}. */
    public S3Store store(String bucket, String prefix) {
        try (S3Client c = client()) {
            if (c.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
                c.createBucket(b -> b.bucket(bucket));
            }
        }
        return (S3Store) Stores.open("s3://" + bucket + "/" + prefix, settings());
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop", e);
        }
    }
}
