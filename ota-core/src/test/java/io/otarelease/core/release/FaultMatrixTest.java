package io.otarelease.core.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import io.otarelease.core.cdn.CdnException;
import io.otarelease.core.cdn.CloudFrontCdn;
import io.otarelease.core.notify.Channel;
import io.otarelease.core.notify.Delivery;
import io.otarelease.core.notify.Endpoint;
import io.otarelease.core.notify.EventType;
import io.otarelease.core.notify.NotifyConfig;
import io.otarelease.core.notify.NotifyReport;
import io.otarelease.core.notify.Notifier;
import io.otarelease.core.notify.RecordingReceiver;
import io.otarelease.core.notify.ReleaseEvents;
import io.otarelease.core.registry.ReleaseEntry;
import io.otarelease.core.registry.ReleaseStatus;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.serve.StoreServer;
import io.otarelease.core.sign.SigningService;
import io.otarelease.core.store.FaultyS3;
import io.otarelease.core.store.S3Store;
import io.otarelease.core.store.Store;
import io.otarelease.core.store.StoreConflictException;
import io.otarelease.core.testing.CloudFrontWireServer;
import io.otarelease.core.testing.ReleaseFixture;
import io.otarelease.core.testing.S3ProxyServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole release command (stage, promote to 100% with the channel key, CDN invalidation, notification) on
 * S3Proxy, with one fault injected at one step per row. Release 1.0.0 serves everyone; the attempt to release
 * 2.0.0 meets the fault. Then for every row: a device updating over HTTP ({@link StoreServer}, as {@code ota serve})
 * gets a verified release (1.0.0 unless the fault struck after the pointer moved), the registry and the audit log
 * agree with the channel pointer (or lag it in the one documented way), and re-running the same command without
 * the fault serves 2.0.0 with all three consistent. The table in docs/security.md is this test's rows.
 */
class FaultMatrixTest {
    static final String APP = ReleaseFixture.APP;
    static S3ProxyServer s3;
    static CloudFrontWireServer cloudFront;
    static RecordingReceiver webhook;

    /** Where the command is when the fault strikes, and what it leaves. */
    enum Fault {
        BLOB_UPLOAD_ERROR("1.0.0", OtaException.Infrastructure.class, "/blobs/sha256/"),
        BLOB_UPLOAD_TIMEOUT("1.0.0", OtaException.Infrastructure.class, "did not complete before"),
        MANIFEST_WRITE_ERROR("1.0.0", OtaException.Infrastructure.class,
                "releases/2.0.0/manifest.json: Connection reset"),
        MANIFEST_WRITE_TIMEOUT("1.0.0", OtaException.Infrastructure.class, "did not complete before"),
        POINTER_WRITE_ERROR("1.0.0", OtaException.Infrastructure.class, "channels/production.json: Connection reset"),
        POINTER_WRITE_TIMEOUT("1.0.0", OtaException.Infrastructure.class, "did not complete before"),
        REGISTRY_WRITE_ERROR("2.0.0", OtaException.Infrastructure.class, "registry.json: Connection reset"),
        REGISTRY_WRITE_TIMEOUT("2.0.0", OtaException.Infrastructure.class, "did not complete before"),
        SIGNER_DOWN("1.0.0", OtaException.Infrastructure.class, "Nothing was published"),
        SIGNER_WRONG_SIGNATURE("1.0.0", OtaException.Infrastructure.class, "does not verify with its public key"),
        CDN_INVALIDATION_FAILS("2.0.0", CdnException.class, "The change stands"),
        WEBHOOK_DOWN("2.0.0", null, null),
        PROCESS_DIES_BEFORE_POINTER_WRITE("1.0.0", ProcessDied.class, "channels/production.json"),
        PROCESS_KILLED_BEFORE_POINTER_WRITE("1.0.0", ProcessDied.class, "destroyForcibly"),
        TWO_RELEASES_RACE("2.0.1", StoreConflictException.class, "changed by someone else");

        /** What devices get right after the fault. */
        final String servesAfterFault;
        /** What the command fails with (null: it completes and reports the failure). */
        final Class<? extends Throwable> fails;
        /** Part of what it says. */
        final String says;

        Fault(String servesAfterFault, Class<? extends Throwable> fails, String says) {
            this.servesAfterFault = servesAfterFault;
            this.fails = fails;
            this.says = says;
        }
    }

    /** Stands for the JVM dying mid-command: nothing after the throw runs, no handler cleans up. */
    static final class ProcessDied extends Error {
        ProcessDied(String where) {
            super("process killed at " + where);
        }
    }

    @TempDir
    Path tmp;
    ReleaseFixture fx;
    final StoreLayout layout = new StoreLayout(APP);
    final FaultyS3 stagingFaults = new FaultyS3();
    final FaultyS3 prodFaults = new FaultyS3();
    S3Store staging;
    S3Store prod;
    ProductionChecks checks;
    volatile SwitchableSigner.Mode signerMode = SwitchableSigner.Mode.OK;
    volatile URI webhookUrl;
    String hookPath;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start();
        cloudFront = new CloudFrontWireServer();
        webhook = RecordingReceiver.start();
    }

    @AfterAll
    static void stop() {
        webhook.close();
        cloudFront.close();
        s3.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fault.class)
    void aFaultKeepsAVerifiedReleaseServingAndARerunCompletes(Fault fault) throws Exception {
        fx = new ReleaseFixture(tmp);
        String run = "fm-" + UUID.randomUUID();
        s3.store("acme-ota-staging", run).close(); // creates the buckets
        s3.store("acme-ota-prod", run).close();
        staging = stagingFaults.open(s3.endpoint(), "acme-ota-staging", run);
        prod = prodFaults.open(s3.endpoint(), "acme-ota-prod", run);
        checks = new ProductionChecks(prod, fx, tmp.resolve("devices"));
        hookPath = "/hooks/" + run;
        webhookUrl = URI.create(webhook.url(hookPath));
        try (StoreServer cdn = StoreServer.start(prod, InetAddress.getLoopbackAddress(), 0, 1, 4)) {
            release(prod, "1.0.0", fx.bundle("1.0.0"));
            assertThat(checks.device(cdn, "baseline")).isEqualTo("1.0.0");
            checks.assertConsistent("1.0.0", 1);
            Path v2 = fx.bundle("2.0.0");

            fx.clock.advance(Duration.ofMinutes(1));
            Store target = inject(fault);
            Run[] done = new Run[1];
            Throwable thrown = fault == Fault.PROCESS_KILLED_BEFORE_POINTER_WRITE ? killChildAtPointerWrite(run, v2)
                    : catchThrowable(() -> done[0] = release(target, "2.0.0", v2));
            heal();
            if (fault.fails == null) {
                assertThat(thrown).isNull();
                assertThat(done[0].notified().deliveries()).singleElement().satisfies(d -> {
                    assertThat(d.outcome()).isEqualTo(Delivery.Outcome.FAILED);
                    assertThat(d.attempts()).isEqualTo(3);
                });
            } else {
                assertThat(thrown).isInstanceOf(fault.fails);
                assertThat(thrown.getMessage()).doesNotContain("was not timed out").contains(fault.says);
                if (thrown instanceof OtaException o) {
                    assertThat(o.exitCode()).isEqualTo(3);
                }
            }
            if (fault == Fault.BLOB_UPLOAD_ERROR || fault == Fault.BLOB_UPLOAD_TIMEOUT) {
                assertThat(staging.exists(layout.manifest("2.0.0"))).isFalse();
                assertThat(new StoreRegistry(staging, APP).read().find("2.0.0")).isEmpty();
            }
            if (fault.name().startsWith("PROCESS_")) {
                assertThat(prod.exists(layout.manifest("2.0.0"))).as("copied before the death, unused").isTrue();
            }
            // devices keep a release that verifies end to end: the old one, or the new one when the fault came later
            assertThat(checks.device(cdn, "after-" + fault)).isEqualTo(fault.servesAfterFault);
            if (fault == Fault.REGISTRY_WRITE_ERROR || fault == Fault.REGISTRY_WRITE_TIMEOUT) {
                // the pointer moved, then the registry write failed: registry and audit lag the pointer by this one
                // release until the re-run (below) records it
                assertThat(checks.registry().find("2.0.0").map(ReleaseEntry::status)).isNotEqualTo(
                        java.util.Optional.of(ReleaseStatus.CURRENT));
                assertThat(checks.pointer().sequence()).isEqualTo(2);
                assertThat(ReleaseAuditLog.recorded(prod, layout, 2)).isFalse();
            } else {
                checks.assertConsistent(fault.servesAfterFault, fault == Fault.TWO_RELEASES_RACE ? 2
                        : fault.servesAfterFault.equals("1.0.0") ? 1 : 2);
            }

            fx.clock.advance(Duration.ofMinutes(1));
            int webhookCalls = webhook.requests(hookPath).size();
            Run rerun = release(prod, "2.0.0", v2);
            assertThat(rerun.notified().anyFailed()).isFalse();
            assertThat(webhook.requests(hookPath)).hasSize(webhookCalls + 1);
            assertThat(checks.device(cdn, "rerun-" + fault)).isEqualTo("2.0.0");
            long expectedSequence = fault == Fault.TWO_RELEASES_RACE ? 3 : 2;
            assertThat(rerun.promoted().sequence()).isEqualTo(expectedSequence);
            checks.assertConsistent("2.0.0", expectedSequence);
            if (fault == Fault.REGISTRY_WRITE_ERROR || fault == Fault.REGISTRY_WRITE_TIMEOUT) {
                assertThat(checks.lastAudit(expectedSequence)).containsEntry("completedByReRun", true);
            }
            assertThat(rerun.promoted().pointerChanged()).isEqualTo(fault.servesAfterFault.equals("1.0.0")
                    || fault == Fault.TWO_RELEASES_RACE);
        } finally {
            staging.close();
            prod.close();
        }
    }

    record Run(Promoter.Result promoted, NotifyReport notified) {
    }

    /** The release command: stage the signed bundle, promote it to 100%, invalidate the CDN, tell the team. */
    Run release(Store production, String version, Path bundle) {
        new Stager(staging, new StoreRegistry(staging, APP), fx.trusted, fx.clock).stage(bundle);
        Promoter.Result r;
        try (CloudFrontCdn cdn = CloudFrontCdn.open("E1A2B3C4D5E6F7", cloudFront.endpoint(), 2)) {
            ReleaseContext ctx = new ReleaseContext(APP, "production", production, new StoreRegistry(production, APP),
                    fx.trusted, new SigningService(new SwitchableSigner(fx.channelSigner, () -> signerMode), fx.clock),
                    cdn, fx.clock, "fault-matrix", ReleaseContext.DEFAULT_VALIDITY);
            r = new Promoter(ctx).promote(staging, version, new Percent(100));
        }
        Notifier notifier = new Notifier(new NotifyConfig(
                Map.of(Channel.RELEASES, new Endpoint(Channel.RELEASES, Endpoint.Transport.WEBHOOK,
                        Secret.of(webhookUrl.toString().toCharArray(), "OTA_WEBHOOK_RELEASES"))),
                Map.of(EventType.RELEASE, List.of(Channel.RELEASES)),
                new NotifyConfig.Retry(3, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(2))),
                d -> { });
        return new Run(r, notifier.send(ReleaseEvents.released(r, "fault matrix", "now", fx.clock.instant())));
    }

    /** Arms the fault; returns the production store the faulty command writes through. */
    Store inject(Fault fault) throws Exception {
        Predicate<String> blobs = k -> k.contains("/blobs/");
        Predicate<String> manifest = k -> k.endsWith("/releases/2.0.0/manifest.json");
        Predicate<String> pointer = k -> k.endsWith("/channels/production.json");
        Predicate<String> registry = k -> k.endsWith("/" + layout.registry());
        switch (fault) {
            case BLOB_UPLOAD_ERROR -> stagingFaults.inject(FaultyS3.Kind.ERROR, blobs);
            case BLOB_UPLOAD_TIMEOUT -> stagingFaults.inject(FaultyS3.Kind.TIMEOUT, blobs);
            case MANIFEST_WRITE_ERROR -> prodFaults.inject(FaultyS3.Kind.ERROR, manifest);
            case MANIFEST_WRITE_TIMEOUT -> prodFaults.inject(FaultyS3.Kind.TIMEOUT, manifest);
            case POINTER_WRITE_ERROR -> prodFaults.inject(FaultyS3.Kind.ERROR, pointer);
            case POINTER_WRITE_TIMEOUT -> prodFaults.inject(FaultyS3.Kind.TIMEOUT, pointer);
            case REGISTRY_WRITE_ERROR -> prodFaults.inject(FaultyS3.Kind.ERROR, registry);
            case REGISTRY_WRITE_TIMEOUT -> prodFaults.inject(FaultyS3.Kind.TIMEOUT, registry);
            case SIGNER_DOWN -> signerMode = SwitchableSigner.Mode.DOWN;
            case SIGNER_WRONG_SIGNATURE -> signerMode = SwitchableSigner.Mode.LYING;
            case CDN_INVALIDATION_FAILS -> cloudFront.failCreates.set(1_000);
            case WEBHOOK_DOWN -> {
                try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    webhookUrl = URI.create("http://127.0.0.1:" + s.getLocalPort() + "/hooks/down");
                } // closed: connection refused
            }
            case PROCESS_KILLED_BEFORE_POINTER_WRITE -> {
                return prod; // killChildAtPointerWrite runs the promotion in a child JVM
            }
            case PROCESS_DIES_BEFORE_POINTER_WRITE -> {
                return onWrite(prod, pointer, () -> {
                    throw new ProcessDied("the write of channels/production.json");
                });
            }
            case TWO_RELEASES_RACE -> {
                // another pipeline releases 2.0.1 between this command's read of the channel and its first write
                // to it (the signed history, recorded before the pointer)
                Path other = fx.bundle("2.0.1");
                return onWrite(prod, k -> k.endsWith("/history/production.json"), () -> release(prod, "2.0.1", other));
            }
            default -> throw new IllegalStateException(fault.name());
        }
        return prod;
    }

    /**
     * Stages 2.0.0 here, then promotes it in a child JVM ({@link FaultMatrixChild}) that is killed with
     * {@code destroyForcibly} (SIGKILL) once it reports it is at the pointer write: deterministic, no timing guess.
     */
    Throwable killChildAtPointerWrite(String run, Path bundle) throws Exception {
        new Stager(staging, new StoreRegistry(staging, APP), fx.trusted, fx.clock).stage(bundle);
        String javaBin = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                FaultMatrixChild.class.getName(), s3.endpoint().toString(), run, fx.dir.resolve("keys").toString(),
                fx.clock.instant().toString()).redirectErrorStream(true);
        pb.environment().put("AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY);
        pb.environment().put("AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY);
        pb.environment().put("AWS_REGION", "us-east-1");
        Process child = pb.start();
        StringBuilder out = new StringBuilder();
        try (var lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && !line.equals(FaultMatrixChild.AT_POINTER_WRITE)) {
                out.append(line).append('\n');
            }
            assertThat(line).as("the child reached the pointer write; it said:%n%s", out).isNotNull();
            child.destroyForcibly();
            assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        return new ProcessDied("the write of channels/production.json (destroyForcibly of the promoting JVM)");
    }

    void heal() {
        stagingFaults.heal();
        prodFaults.heal();
        signerMode = SwitchableSigner.Mode.OK;
        cloudFront.failCreates.set(0);
        webhookUrl = URI.create(webhook.url(hookPath));
    }

    /** The store, with {@code action} run once just before the first pointer write matching {@code keys}. */
    static Store onWrite(Store real, Predicate<String> keys, Runnable action) {
        boolean[] fired = {false};
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("put") && args != null && args[0] instanceof String key
                            && keys.test(key) && !fired[0]) {
                        fired[0] = true;
                        action.run();
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

}
