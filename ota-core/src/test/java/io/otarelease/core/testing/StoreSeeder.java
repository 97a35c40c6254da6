package io.otarelease.core.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Benchmark helper (bench/release-bench.sh, not a test): fills an S3 prefix with what earlier releases would have
 * left, 32 requests at a time. Arguments: ENDPOINT BUCKET APP_PREFIX blobs|audit COUNT, where APP_PREFIX is
 * {@code <store prefix>/<app id>}. Blobs get random SHA-256 names; audit records old timestamps and sequences from
 * 1,000,000 (so they never collide with the release's own).
 */
public final class StoreSeeder {
    private StoreSeeder() {
    }

    public static void main(String[] a) throws Exception {
        String bucket = a[1];
        String app = a[2];
        boolean blobs = a[3].equals("blobs");
        int n = Integer.parseInt(a[4]);
        Random random = new Random(n);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create(a[0])).forcePathStyle(true)
                .region(Region.US_EAST_1).httpClientBuilder(Apache5HttpClient.builder().maxConnections(32)).build()) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String key;
                if (blobs) {
                    byte[] h = new byte[32];
                    random.nextBytes(h);
                    String hex = HexFormat.of().formatHex(h);
                    key = app + "/blobs/sha256/" + hex.substring(0, 2) + "/" + hex;
                } else {
                    key = String.format("%s/audit/2025%02d%02dT120000.000Z-%d.json", app, 1 + i / 28 % 12,
                            1 + i % 28, 1_000_000 + i);
                }
                done.add(pool.submit(() -> s3.putObject(b -> b.bucket(bucket).key(key),
                        RequestBody.fromBytes(key.getBytes(StandardCharsets.UTF_8)))));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        System.out.println("seeded " + n + " " + a[3] + " under s3://" + bucket + "/" + app);
    }
}
