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

        @Test
        void copiesServerSideBetweenBucketsOfOneEndpoint() {
            S3Store staging = s3.store("ota-staging", "x-" + UUID.randomUUID());
            staging.putIfAbsent("app/blobs/sha256/bb/b", Body.of("blob".getBytes(UTF_8)));
            assertThat(store.copyIfAbsent(staging, "app/blobs/sha256/bb/b")).isTrue();
            assertThat(store.copyIfAbsent(staging, "app/blobs/sha256/bb/b")).isFalse();
            assertThat(store.get("app/blobs/sha256/bb/b").orElseThrow().bytes()).isEqualTo("blob".getBytes(UTF_8));
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
