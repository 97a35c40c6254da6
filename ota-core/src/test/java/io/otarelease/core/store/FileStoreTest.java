package io.otarelease.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStoreTest extends StoreContract {
    @TempDir
    Path dir;

    @Override
    Store store() {
        return new FileStore(dir);
    }

    @Test
    void refusesKeysThatEscapeTheRoot() {
        assertThatThrownBy(() -> store().get("app/../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().get("/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void opensFromAFileUrl() {
        assertThat(Stores.open("file://" + dir, S3Settings.DEFAULT)).isInstanceOf(FileStore.class);
        assertThatThrownBy(() -> Stores.open("ftp://x/y", S3Settings.DEFAULT))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("unsupported scheme");
        assertThatThrownBy(() -> Stores.open("file://host/x", S3Settings.DEFAULT))
                .isInstanceOf(OtaException.BadInput.class);
        assertThatThrownBy(() -> Stores.open("s3:///x", S3Settings.DEFAULT))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("no bucket");
    }
}
