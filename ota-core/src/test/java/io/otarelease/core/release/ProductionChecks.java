package io.otarelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.channel.ChannelVerifier;
import io.otarelease.client.device.DeviceConfig;
import io.otarelease.client.device.DeviceEvents;
import io.otarelease.client.device.FileDeviceStorage;
import io.otarelease.client.device.HttpTransport;
import io.otarelease.client.device.UpdateClient;
import io.otarelease.client.device.UpdateResult;
import io.otarelease.client.json.JsonReader;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.registry.RegistryDocument;
import io.otarelease.core.registry.ReleaseStatus;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.serve.StoreServer;
import io.otarelease.core.store.Store;
import io.otarelease.core.testing.ReleaseFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the fault matrices check after every fault and every re-run, on the production store of the app
 * {@link ReleaseFixture#APP}: what a fresh device gets, and whether pointer, registry and audit log agree.
 */
final class ProductionChecks {
    private final Store prod;
    private final ReleaseFixture fx;
    private final Path devices;
    private final StoreLayout layout;

    ProductionChecks(Store prod, ReleaseFixture fx, Path devices) {
        this.prod = prod;
        this.fx = fx;
        this.devices = devices;
        this.layout = new StoreLayout(ReleaseFixture.APP);
    }

    /** A fresh device (empty cache) checking for an update over HTTP; returns the release it verified and staged. */
    String device(StoreServer cdn, String id) throws Exception {
        DeviceConfig cfg = new DeviceConfig(ReleaseFixture.APP, "production", "device-" + id, "1.0.0", fx.trusted,
                fx.clock, Duration.ofSeconds(10));
        UpdateClient client = new UpdateClient(cfg, new HttpTransport(cdn.url().resolve(ReleaseFixture.APP + "/"),
                Duration.ofSeconds(2), Duration.ofSeconds(5)), new FileDeviceStorage(devices.resolve(id), fx.trusted),
                DeviceEvents.NONE);
        UpdateResult r = client.check();
        assertThat(r.outcome()).as(r.detail()).isEqualTo(UpdateResult.Outcome.STAGED);
        return r.version();
    }

    ChannelPointer pointer() throws Exception {
        return new ChannelVerifier(fx.trusted, fx.clock, ReleaseFixture.APP, "production", 0).verify(
                prod.get(layout.channel("production")).orElseThrow().bytes(),
                prod.get(layout.channelSignature("production")).orElseThrow().bytes());
    }

    RegistryDocument registry() {
        return new StoreRegistry(prod, ReleaseFixture.APP).read();
    }

    /** Pointer, registry and audit log tell one story: {@code version} serves everyone at {@code sequence}. */
    void assertConsistent(String version, long sequence) throws Exception {
        ChannelPointer p = pointer();
        assertThat(p.current().version()).isEqualTo(version);
        assertThat(p.current().percent()).isEqualTo(100);
        assertThat(p.sequence()).isEqualTo(sequence);
        RegistryDocument reg = registry();
        assertThat(reg.find(version).orElseThrow().status()).isEqualTo(ReleaseStatus.CURRENT);
        assertThat(reg.releases().stream().filter(e -> e.status() == ReleaseStatus.CURRENT)).hasSize(1);
        assertThat(reg.find(version).orElseThrow().bundleHash()).isEqualTo(p.current().bundleHash());
        assertAuditComplete(sequence);
        Map<String, Object> record = lastAudit(sequence);
        assertThat(record.get("version")).isEqualTo(version);
        assertThat(record.get("bundleHash")).isEqualTo(p.current().bundleHash());
    }

    /** One audit record per pointer sequence, 1 to {@code sequence}. */
    void assertAuditComplete(long sequence) {
        assertThat(prod.list(layout.auditPrefix())).as("one audit record per pointer sequence").hasSize((int) sequence);
        for (long s = 1; s <= sequence; s++) {
            assertThat(ReleaseAuditLog.recorded(prod, layout, s)).as("audit record for sequence " + s).isTrue();
        }
    }

    Map<String, Object> lastAudit(long sequence) {
        String key = prod.list(layout.auditPrefix()).stream().filter(k -> k.endsWith("-" + sequence + ".json"))
                .findFirst().orElseThrow();
        return JsonReader.parseObject(prod.get(key).orElseThrow().bytes());
    }
}
