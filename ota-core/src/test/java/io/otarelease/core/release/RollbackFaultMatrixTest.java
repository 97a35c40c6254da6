package io.otarelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.OtaException;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.registry.ReleaseStatus;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.FaultMatrixTest.ProcessDied;
import io.otarelease.core.serve.StoreServer;
import io.otarelease.core.sign.SigningService;
import io.otarelease.core.store.FaultyS3;
import io.otarelease.core.store.S3Store;
import io.otarelease.core.store.Store;
import io.otarelease.core.testing.ReleaseFixture;
import io.otarelease.core.testing.S3ProxyServer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code ota rollback} and {@code ota channel refresh} on S3Proxy with one fault per row, the sibling of
 * {@link FaultMatrixTest}: 1.0.0 then 2.0.0 are released to 100% (sequences 1 and 2), then {@code ota rollback} to the
 * previous release (1.0.0) meets the fault. For every row: a fresh device over HTTP verifies 2.0.0 (fault before the
 * pointer landed) or 1.0.0 (after); pointer, registry and audit log agree (or lag in the one documented way);
 * re-running the same rollback without the fault serves 1.0.0 at sequence 3 with 2.0.0 quarantined and one audit
 * record per sequence. The rollback and refresh tables of docs/security.md are these rows.
 */
class RollbackFaultMatrixTest {
    static final String APP = ReleaseFixture.APP;
    static S3ProxyServer s3;

    /** Where the rollback is when the fault strikes. */
    enum Fault {
        POINTER_WRITE_ERROR("2.0.0", OtaException.Infrastructure.class, "channels/production.json: Connection reset"),
        SIGNER_DOWN("2.0.0", OtaException.Infrastructure.class, "Nothing was published"),
        PROCESS_DIES_AT_POINTER_WRITE("2.0.0", ProcessDied.class, "channels/production.json"),
        REGISTRY_WRITE_ERROR("1.0.0", OtaException.Infrastructure.class, "registry.json: Connection reset"),
        REGISTRY_WRITE_TIMEOUT("1.0.0", OtaException.Infrastructure.class, "did not complete before"),
        PROCESS_DIES_AFTER_POINTER_WRITE("1.0.0", ProcessDied.class, "registry.json");

        final String servesAfterFault;
        final Class<? extends Throwable> fails;
        final String says;

        Fault(String servesAfterFault, Class<? extends Throwable> fails, String says) {
            this.servesAfterFault = servesAfterFault;
            this.fails = fails;
            this.says = says;
        }

        boolean pointerLanded() {
            return servesAfterFault.equals("1.0.0");
        }
    }

    @TempDir
    Path tmp;
    ReleaseFixture fx;
    final StoreLayout layout = new StoreLayout(APP);
    final FaultyS3 faults = new FaultyS3();
    S3Store staging;
    S3Store prod;
    ProductionChecks checks;
    volatile SwitchableSigner.Mode signerMode = SwitchableSigner.Mode.OK;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start();
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fault.class)
    void aFaultedRollbackKeepsAVerifiedReleaseServingAndARerunCompletes(Fault fault) throws Exception {
        fx = new ReleaseFixture(tmp);
        String run = "rb-" + UUID.randomUUID();
        s3.store("acme-ota-staging", run).close(); // creates the buckets
        s3.store("acme-ota-prod", run).close();
        staging = new FaultyS3().open(s3.endpoint(), "acme-ota-staging", run);
        prod = faults.open(s3.endpoint(), "acme-ota-prod", run);
        checks = new ProductionChecks(prod, fx, tmp.resolve("devices"));
        try (StoreServer cdn = StoreServer.start(prod, InetAddress.getLoopbackAddress(), 0, 1, 4)) {
            for (String v : new String[] {"1.0.0", "2.0.0"}) {
                new Stager(staging, new StoreRegistry(staging, APP), fx.trusted, fx.clock).stage(fx.bundle(v));
                new Promoter(ctx(prod)).promote(staging, v, new Percent(100));
                fx.clock.advance(Duration.ofMinutes(1));
            }
            assertThat(checks.device(cdn, "baseline")).isEqualTo("2.0.0");

            Store target = inject(fault);
            Throwable thrown = catchThrowable(() -> new Rollback(ctx(target))
                    .rollback(Rollback.PREVIOUS, "crash rate"));
            faults.heal();
            signerMode = SwitchableSigner.Mode.OK;
            assertThat(thrown).isInstanceOf(fault.fails);
            assertThat(thrown.getMessage()).doesNotContain("was not timed out").contains(fault.says);
            if (thrown instanceof OtaException o) {
                assertThat(o.exitCode()).isEqualTo(3);
            }
            assertThat(checks.device(cdn, "after-" + fault)).isEqualTo(fault.servesAfterFault);
            if (fault.pointerLanded()) {
                // the pointer moved, then the run stopped: registry and audit lag it until the re-run
                assertThat(checks.pointer().sequence()).isEqualTo(3);
                assertThat(checks.registry().find("2.0.0").orElseThrow().status()).isEqualTo(ReleaseStatus.CURRENT);
                assertThat(ReleaseAuditLog.recorded(prod, layout, 3)).isFalse();
            } else {
                checks.assertConsistent("2.0.0", 2);
            }

            fx.clock.advance(Duration.ofMinutes(1));
            Rollback.Result rerun = new Rollback(ctx(prod)).rollback(Rollback.PREVIOUS, "crash rate");
            assertThat(rerun.sequence()).isEqualTo(3);
            assertThat(rerun.failed()).isEqualTo("2.0.0");
            assertThat(checks.device(cdn, "rerun-" + fault)).isEqualTo("1.0.0");
            checks.assertConsistent("1.0.0", 3);
            assertThat(checks.registry().find("2.0.0").orElseThrow().status()).isEqualTo(ReleaseStatus.QUARANTINED);
            Map<String, Object> record = checks.lastAudit(3);
            assertThat(record).containsEntry("action", "rollback").containsEntry("quarantined", "2.0.0")
                    .containsEntry("reason", "crash rate");
            if (fault.pointerLanded()) {
                assertThat(record).containsEntry("completedByReRun", true).doesNotContainKey("previousSequence");
            } else {
                assertThat(record).containsEntry("previousSequence", 2L).doesNotContainKey("completedByReRun");
            }
            // a third run naming the target ('previous' would now mean 1.0.0's predecessor) changes nothing
            new Rollback(ctx(prod)).rollback("1.0.0", "crash rate");
            assertThat(prod.list(layout.auditPrefix())).hasSize(3);
        } finally {
            staging.close();
            prod.close();
        }
    }

    /** Where {@code ota channel refresh} is when the fault strikes; its last write is the audit record. */
    enum RefreshFault {
        POINTER_WRITE_ERROR(false, OtaException.Infrastructure.class, "channels/production.json: Connection reset"),
        SIGNER_DOWN(false, OtaException.Infrastructure.class, "Nothing was published"),
        AUDIT_WRITE_ERROR(true, OtaException.Infrastructure.class, "Connection reset"),
        PROCESS_DIES_AT_AUDIT_WRITE(true, ProcessDied.class, "audit");

        final boolean pointerLanded;
        final Class<? extends Throwable> fails;
        final String says;

        RefreshFault(boolean pointerLanded, Class<? extends Throwable> fails, String says) {
            this.pointerLanded = pointerLanded;
            this.fails = fails;
            this.says = says;
        }
    }

    /**
     * 1.0.0 serves at sequence 1; a refresh meets the fault. Devices keep 1.0.0 throughout; a re-run refreshes and
     * every pointer sequence ends with exactly one audit record (the one a cut-off refresh left out is written by the
     * re-run, marked {@code completedByReRun}).
     */
    @ParameterizedTest(name = "refresh {0}")
    @EnumSource(RefreshFault.class)
    void aFaultedRefreshKeepsServingAndARerunLeavesNoSequenceUnrecorded(RefreshFault fault) throws Exception {
        fx = new ReleaseFixture(tmp);
        String run = "rf-" + UUID.randomUUID();
        s3.store("acme-ota-staging", run).close();
        s3.store("acme-ota-prod", run).close();
        staging = new FaultyS3().open(s3.endpoint(), "acme-ota-staging", run);
        prod = faults.open(s3.endpoint(), "acme-ota-prod", run);
        checks = new ProductionChecks(prod, fx, tmp.resolve("devices"));
        try (StoreServer cdn = StoreServer.start(prod, InetAddress.getLoopbackAddress(), 0, 1, 4)) {
            new Stager(staging, new StoreRegistry(staging, APP), fx.trusted, fx.clock).stage(fx.bundle("1.0.0"));
            new Promoter(ctx(prod)).promote(staging, "1.0.0", new Percent(100));
            fx.clock.advance(Duration.ofMinutes(1));
            Predicate<String> audit = k -> k.contains("/audit/");
            Store target = prod;
            switch (fault) {
                case POINTER_WRITE_ERROR -> faults.inject(FaultyS3.Kind.ERROR,
                        k -> k.endsWith("/channels/production.json"));
                case SIGNER_DOWN -> signerMode = SwitchableSigner.Mode.DOWN;
                case AUDIT_WRITE_ERROR -> faults.inject(FaultyS3.Kind.ERROR, audit);
                case PROCESS_DIES_AT_AUDIT_WRITE -> target = FaultMatrixTest.onWrite(prod, audit, () -> {
                    throw new ProcessDied("the write of the audit record");
                });
                default -> throw new IllegalStateException(fault.name());
            }
            Store faulty = target;
            Throwable thrown = catchThrowable(() -> ChannelPointers.refresh(ctx(faulty), "/"));
            faults.heal();
            signerMode = SwitchableSigner.Mode.OK;
            assertThat(thrown).isInstanceOf(fault.fails);
            assertThat(thrown.getMessage()).contains(fault.says);
            assertThat(checks.device(cdn, "refresh-after-" + fault)).isEqualTo("1.0.0");
            long landed = fault.pointerLanded ? 2 : 1;
            assertThat(checks.pointer().sequence()).isEqualTo(landed);
            assertThat(ReleaseAuditLog.recorded(prod, layout, landed)).isEqualTo(!fault.pointerLanded);

            fx.clock.advance(Duration.ofMinutes(1));
            ChannelPointer after = ChannelPointers.refresh(ctx(prod), "/");
            assertThat(after.sequence()).isEqualTo(landed + 1);
            assertThat(checks.device(cdn, "refresh-rerun-" + fault)).isEqualTo("1.0.0");
            assertThat(checks.registry().find("1.0.0").orElseThrow().status()).isEqualTo(ReleaseStatus.CURRENT);
            checks.assertAuditComplete(landed + 1);
            assertThat(checks.lastAudit(landed + 1)).containsEntry("action", "refresh")
                    .containsEntry("expiresAt", after.expiresAt().toString());
            if (fault.pointerLanded) {
                assertThat(checks.lastAudit(landed)).containsEntry("action", "unrecorded")
                        .containsEntry("completedByReRun", true).containsEntry("version", "1.0.0");
            }
        } finally {
            staging.close();
            prod.close();
        }
    }

    ReleaseContext ctx(Store production) {
        return new ReleaseContext(APP, "production", production, new StoreRegistry(production, APP), fx.trusted,
                new SigningService(new SwitchableSigner(fx.channelSigner, () -> signerMode), fx.clock), Cdn.NONE,
                fx.clock, "fault-matrix", ReleaseContext.DEFAULT_VALIDITY);
    }

    Store inject(Fault fault) {
        Predicate<String> pointer = k -> k.endsWith("/channels/production.json");
        // FaultyS3 sees the bucket key (run prefix first); the store wrapper sees the store key
        Predicate<String> registry = k -> k.endsWith(layout.registry());
        switch (fault) {
            case POINTER_WRITE_ERROR -> faults.inject(FaultyS3.Kind.ERROR, pointer);
            case SIGNER_DOWN -> signerMode = SwitchableSigner.Mode.DOWN;
            case PROCESS_DIES_AT_POINTER_WRITE -> {
                return FaultMatrixTest.onWrite(prod, pointer, () -> {
                    throw new ProcessDied("the write of channels/production.json");
                });
            }
            case REGISTRY_WRITE_ERROR -> faults.inject(FaultyS3.Kind.ERROR, registry);
            case REGISTRY_WRITE_TIMEOUT -> faults.inject(FaultyS3.Kind.TIMEOUT, registry);
            case PROCESS_DIES_AFTER_POINTER_WRITE -> {
                return FaultMatrixTest.onWrite(prod, registry, () -> {
                    throw new ProcessDied("the write of registry.json, after the pointer and its signature");
                });
            }
            default -> throw new IllegalStateException(fault.name());
        }
        return prod;
    }

}
