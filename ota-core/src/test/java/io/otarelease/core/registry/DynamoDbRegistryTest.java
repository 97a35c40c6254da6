package io.otarelease.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import io.otarelease.core.store.StoreConflictException;
import io.otarelease.core.testing.Dynalite;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The DynamoDB registry through the real SDK client against a real DynamoDB implementation (dynalite), whose
 * conditional writes decide who wins a race: nothing here stands in for the condition check.
 */
class DynamoDbRegistryTest {
    static Dynalite dynamo;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
        dynamo = Dynalite.start();
    }

    @AfterAll
    static void stop() {
        if (dynamo != null) {
            dynamo.close();
        }
    }

    DynamoDbRegistry registry(String app) {
        return DynamoDbRegistry.open(Dynalite.TABLE, app, dynamo.endpoint(), "eu-west-1");
    }

    @Test
    void aMissingTableIsConfigurationNamingTheTableAndEndpoint() {
        try (DynamoDbRegistry r = DynamoDbRegistry.open("ota-registy", "app.typo", dynamo.endpoint(), "eu-west-1")) {
            assertThatThrownBy(r::read).isInstanceOf(OtaException.BadInput.class)
                    .hasMessageContaining("DynamoDB table 'ota-registy' does not exist at DynamoDB endpoint "
                            + dynamo.endpoint())
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

    /**
     * Two writers read the same revision (a barrier holds both after their read), then both write conditionally at
     * once: the table lets exactly one through, and the other re-reads and re-applies its change.
     */
    @Test
    void twoWritersRaceOnOneRevisionExactlyOneWinsAndTheLoserRetries() throws Exception {
        for (String first : new String[] {"create", "replace"}) {
            String app = "app.race." + first;
            try (DynamoDbRegistry setup = registry(app)) {
                if (first.equals("replace")) {
                    setup.update(d -> d.put(StoreRegistryTest.entry("1.0.0")));
                }
            }
            long base = first.equals("replace") ? 1 : 0;
            CyclicBarrier bothRead = new CyclicBarrier(2);
            List<String> calls = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try (DynamoDbRegistry a = registry(app); DynamoDbRegistry b = registry(app)) {
                List<Future<RegistryDocument>> writes = List.of(
                        pool.submit(() -> raceOnce(a, "2.0.0", bothRead, calls)),
                        pool.submit(() -> raceOnce(b, "3.0.0", bothRead, calls)));
                List<Long> written = List.of(writes.get(0).get(60, TimeUnit.SECONDS).revision(),
                        writes.get(1).get(60, TimeUnit.SECONDS).revision());
                // both saw revision `base` first; one of them had to apply its change a second time, on the other's
                assertThat(calls).filteredOn(c -> c.endsWith("@" + base)).hasSize(2);
                assertThat(calls).as(first).hasSize(3).filteredOn(c -> c.endsWith("@" + (base + 1))).hasSize(1);
                assertThat(written).containsExactlyInAnyOrder(base + 1, base + 2);
                RegistryDocument end = a.read();
                assertThat(end.revision()).isEqualTo(base + 2);
                assertThat(end.find("2.0.0")).isPresent();
                assertThat(end.find("3.0.0")).isPresent();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static RegistryDocument raceOnce(DynamoDbRegistry r, String version, CyclicBarrier bothRead,
                                             List<String> calls) {
        AtomicInteger call = new AtomicInteger();
        return r.update(d -> {
            calls.add(version + "@" + d.revision());
            if (call.incrementAndGet() == 1) {
                try {
                    bothRead.await(60, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return d.put(StoreRegistryTest.entry(version));
        });
    }

    @Test
    void aWriterThatLosesEveryRoundReportsAConflictAndWritesNothing() {
        try (DynamoDbRegistry a = registry("app.starved"); DynamoDbRegistry b = registry("app.starved")) {
            a.update(d -> d.put(StoreRegistryTest.entry("1.0.0")));
            AtomicInteger rounds = new AtomicInteger();
            assertThatThrownBy(() -> a.update(d -> {
                // another writer commits between every read and write of ours
                b.update(x -> x.put(StoreRegistryTest.entry("9." + rounds.incrementAndGet() + ".0")));
                return d.put(StoreRegistryTest.entry("2.0.0"));
            })).isInstanceOf(StoreConflictException.class)
                    .hasMessageContaining("dynamodb table " + Dynalite.TABLE + " kept changing under us (100 attempts)");
            assertThat(rounds.get()).isEqualTo(StoreRegistry.MAX_ATTEMPTS);
            assertThat(a.read().find("2.0.0")).isEmpty();
            assertThat(a.read().releases()).hasSize(1 + StoreRegistry.MAX_ATTEMPTS);
        }
    }

    @Test
    void eightWritersDoingFiftyUpdatesEachLoseNone() throws Exception {
        try (DynamoDbRegistry r = registry("app.eight")) {
            StoreRegistryTest.eightWritersLoseNone(r);
        }
    }
}
