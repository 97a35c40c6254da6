package io.otarelease.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Store URLs end with one '/', and a key joins them without a doubled or missing slash. */
class StoreUrlTest {
    @Test
    void s3PrefixesWithAndWithoutATrailingSlashGiveTheSameUrls() {
        for (String prefix : new String[] {"ota", "ota/"}) {
            S3Store s = new S3Store(null, "acme-prod", prefix, null);
            assertThat(s.url()).isEqualTo("s3://acme-prod/ota/");
            assertThat(s.url("com.example.shop/channels/production.json"))
                    .isEqualTo("s3://acme-prod/ota/com.example.shop/channels/production.json");
            assertThat(s.url("/registry.json")).isEqualTo("s3://acme-prod/ota/registry.json");
        }
        assertThat(new S3Store(null, "acme-prod", "", null).url("a/registry.json")).isEqualTo("s3://acme-prod/a/registry.json");
    }

    @Test
    void fileStoresIncludingTheRootDirectory() {
        assertThat(new FileStore(Path.of("/srv/ota/")).url("a/registry.json")).isEqualTo("file:///srv/ota/a/registry.json");
        assertThat(new FileStore(Path.of("/")).url()).isEqualTo("file:///");
    }
}
