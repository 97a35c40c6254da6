package io.otarelease.client.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** DESIGN.md's store layout, as the engine writes it and as a device reads it below its update URL. */
class StoreLayoutTest {
    static final String HASH = "ab" + "0".repeat(62);

    @Test
    void storeKeysStartWithTheAppAndDevicePathsAreTheSameBelowIt() {
        StoreLayout store = new StoreLayout("com.example.shop");
        StoreLayout device = StoreLayout.DEVICE;
        assertThat(store.blob(HASH)).isEqualTo("com.example.shop/blobs/sha256/ab/" + HASH);
        assertThat(store.manifest("1.2.0")).isEqualTo("com.example.shop/releases/1.2.0/manifest.json");
        assertThat(store.manifestSignature("1.2.0")).isEqualTo("com.example.shop/releases/1.2.0/manifest.sig");
        assertThat(store.channel("production")).isEqualTo("com.example.shop/channels/production.json");
        assertThat(store.channelSignature("production")).isEqualTo("com.example.shop/channels/production.sig");
        assertThat(store.trust("root/2.json")).isEqualTo("com.example.shop/trust/root/2.json");
        assertThat(store.registry()).isEqualTo("com.example.shop/registry.json");
        assertThat(store.audit("20260329T140000Z", 3)).isEqualTo("com.example.shop/audit/20260329T140000Z-3.json");
        for (String[] pair : new String[][] {
                {store.blob(HASH), device.blob(HASH)},
                {store.manifest("1.2.0"), device.manifest("1.2.0")},
                {store.manifestSignature("1.2.0"), device.manifestSignature("1.2.0")},
                {store.channel("beta"), device.channel("beta")},
                {store.channelSignature("beta"), device.channelSignature("beta")},
                {store.trust("keys.sig"), device.trust("keys.sig")}}) {
            assertThat(pair[0]).isEqualTo("com.example.shop/" + pair[1]);
        }
    }

    @Test
    void aBlobKeyNeedsALowerCaseSha256() {
        assertThatThrownBy(() -> StoreLayout.DEVICE.blob("AB" + "0".repeat(62)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoreLayout.DEVICE.blob("../../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
