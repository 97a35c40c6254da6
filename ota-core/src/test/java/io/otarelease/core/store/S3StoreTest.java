package io.otarelease.core.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import io.otarelease.core.testing.S3ProxyServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

class S3StoreTest extends StoreContract {
    static S3ProxyServer s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

        final S3Store store = s3.store("ota-contract", "p-" + UUID.randomUUID());

        @Override
        Store store() {
            return store;
        }

        /**
         * One {@code CopyObject} per blob, with {@code If-None-Match: *} and no HEAD first. S3 refuses the copy
         * when the key exists (412); S3Proxy 4.1.0 ignores the header on copies and rewrites the object, which for
         * a content-addressed key leaves the same bytes. The precondition itself is tested on PutObject, which
         * S3Proxy honours ({@code putIfAbsentNeverReplacesAnObject}).
         */
        @Test
        void copiesServerSideBetweenBucketsOfOneEndpointInOneConditionalRequest() {
            CountingS3 counter = new CountingS3();
            String run = "x-" + UUID.randomUUID();
            s3.store("ota-staging", run).close();
            S3Store staging = counter.open(s3.endpoint(), "ota-staging", run);
            S3Store target = counter.open(s3.endpoint(), "ota-contract", run);
            staging.putIfAbsent("app/blobs/sha256/bb/b", Body.of("blob".getBytes(UTF_8)));
            counter.reset();
            assertThat(target.copyIfAbsent(staging, "app/blobs/sha256/bb/b")).isTrue();
            target.copyIfAbsent(staging, "app/blobs/sha256/bb/b");
            assertThat(counter.sent()).hasSize(2).allMatch(r -> r.operation().equals("CopyObject")
                    && "*".equals(r.ifNoneMatch()));
            assertThat(target.get("app/blobs/sha256/bb/b").orElseThrow().bytes()).isEqualTo("blob".getBytes(UTF_8));
        }

        @Test
        void listsAfterAKeyWithoutReadingWhatComesBefore() {
            CountingS3 counter = new CountingS3();
            String run = "l-" + UUID.randomUUID();
            s3.store("ota-contract", run).close();
            S3Store target = counter.open(s3.endpoint(), "ota-contract", run);
            for (int i = 0; i < 1_005; i++) {
                s3.seed("ota-contract", run + "/app/audit/" + String.format("%05d", i), new byte[1]);
            }
            counter.reset();
            assertThat(target.listAfter("app/audit/", "app/audit/01000")).containsExactly("app/audit/01001",
                    "app/audit/01002", "app/audit/01003", "app/audit/01004");
            assertThat(counter.count()).isEqualTo(1);
        }

        @Test
        void aMissingBucketIsAConfigurationErrorNamingTheUrlAndWhatToCheck() {
            Store missing = Stores.open("s3://no-such-bucket/p", s3.settings());
            assertThatThrownBy(() -> missing.get("app/registry.json"))
                    .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("s3://no-such-bucket/p/")
                    .hasMessageContaining("bucket 'no-such-bucket' does not exist at S3 endpoint " + s3.endpoint())
                    .hasMessageContaining("check the bucket name");
        }
    }
