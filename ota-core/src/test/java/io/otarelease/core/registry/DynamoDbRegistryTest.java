package io.otarelease.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import io.otarelease.core.testing.DynamoDbWireServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The DynamoDB registry through the real SDK client against {@link DynamoDbWireServer}. */
class DynamoDbRegistryTest {
    static DynamoDbWireServer server;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
        server = new DynamoDbWireServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    DynamoDbRegistry registry(String app) {
        return DynamoDbRegistry.open("ota-registry", app, server.endpoint(), "eu-west-1");
    }

    @Test
    void aMissingTableIsConfigurationNamingTheTableAndEndpoint() {
        server.absentTables.add("ota-registy");
        try (DynamoDbRegistry r = DynamoDbRegistry.open("ota-registy", "app.typo", server.endpoint(), "eu-west-1")) {
            assertThatThrownBy(r::read).isInstanceOf(OtaException.BadInput.class)
                    .hasMessageContaining("DynamoDB table 'ota-registy' does not exist at DynamoDB endpoint "
                            + server.endpoint())
                    .hasMessageContaining("ResourceNotFoundException")
                    .hasMessageContaining("check --registry-table, --dynamodb-region and --dynamodb-endpoint");
        }
    }

    @Test
    void anEmptyTableReadsAsAnEmptyRegistryAndTheFirstWriteCreatesTheItem() {
        try (DynamoDbRegistry r = registry("app.first")) {
            assertThat(r.read().releases()).isEmpty();
            r.update(d -> d.put(StoreRegistryTest.entry("1.0.0")));
            assertThat(r.read().find("1.0.0")).isPresent();
            assertThat(r.read().revision()).isEqualTo(1);
        }
    }

    @Test
    void aWriterThatLosesTheConditionReappliesItsChange() {
        try (DynamoDbRegistry a = registry("app.race"); DynamoDbRegistry b = registry("app.race")) {
            a.update(d -> d.put(StoreRegistryTest.entry("1.0.0")));
            AtomicBoolean interfered = new AtomicBoolean();
            List<Integer> seen = new ArrayList<>();
            int failuresBefore = server.conditionalFailures.get();
            a.update(d -> {
                seen.add(d.releases().size());
                if (interfered.compareAndSet(false, true)) {
                    b.update(x -> x.put(StoreRegistryTest.entry("2.0.0")));
                }
                return d.put(StoreRegistryTest.entry("3.0.0"));
            });
            assertThat(seen).containsExactly(1, 2);
            assertThat(server.conditionalFailures.get()).isEqualTo(failuresBefore + 1);
            assertThat(a.read().releases()).extracting(ReleaseEntry::version)
                    .containsExactlyInAnyOrder("1.0.0", "2.0.0", "3.0.0");
        }
    }

    @Test
    void eightWritersDoingFiftyUpdatesEachLoseNone() throws Exception {
        try (DynamoDbRegistry r = registry("app.eight")) {
            StoreRegistryTest.eightWritersLoseNone(r);
        }
    }
}
