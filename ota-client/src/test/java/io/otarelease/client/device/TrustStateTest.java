package io.otarelease.client.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.json.JsonException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustStateTest {
    static final byte[] DIGEST = new byte[32];

    @TempDir
    Path tmp;

    static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void roundTripsThroughFileStorageByteForByte() throws Exception {
        DIGEST[0] = 7;
        TrustState t = new TrustState(json("{\"schema\":\"ota-root/1\"}"), 3, DIGEST);
        FileDeviceStorage storage = new FileDeviceStorage(tmp, null);
        assertThat(storage.loadTrust()).isNull();
        storage.saveTrust(t);
        TrustState back = new FileDeviceStorage(tmp, null).loadTrust();
        assertThat(back.rootJson()).isEqualTo(t.rootJson());
        assertThat(back.highestDelegationVersion()).isEqualTo(3);
        assertThat(back.highestDelegationDigest()).isEqualTo(DIGEST);
        assertThat(back.toJson()).isEqualTo(t.toJson());
    }

    @Test
    void malformedStateNamesTheFieldAtFault() throws Exception {
        assertThatThrownBy(() -> TrustState.parse(json("{\"schema\":\"ota-device-trust/1\",\"root\":\"!!\","
                + "\"highestDelegationVersion\":0}"), "trust.json"))
                .isInstanceOf(JsonException.class).hasMessageContaining("root");
        assertThatThrownBy(() -> TrustState.parse(json("{\"schema\":\"ota-device-trust/1\",\"root\":\"e30=\","
                + "\"highestDelegationVersion\":2}"), "trust.json"))
                .isInstanceOf(JsonException.class).hasMessageContaining("highestDelegationDigest is missing");
        assertThatThrownBy(() -> TrustState.parse(json("{\"schema\":\"ota-device-trust/1\",\"root\":\"e30=\","
                + "\"highestDelegationVersion\":2,\"highestDelegationDigest\":\"abcd\"}"), "trust.json"))
                .isInstanceOf(JsonException.class).hasMessageContaining("highestDelegationDigest");
        assertThatThrownBy(() -> TrustState.parse(json("{\"schema\":\"ota-device-trust/1\",\"root\":\"e30=\","
                + "\"highestDelegationVersion\":-1}"), "trust.json"))
                .isInstanceOf(JsonException.class).hasMessageContaining("highestDelegationVersion");
        // a damaged file is an I/O failure of the storage, named by its path, not a silent fall-back to root v1
        Files.writeString(tmp.resolve("trust.json"), "{not json");
        assertThatThrownBy(() -> new FileDeviceStorage(tmp, null).loadTrust())
                .hasMessageContaining("trust.json");
    }
}
