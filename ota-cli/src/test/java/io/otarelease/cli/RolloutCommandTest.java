package io.otarelease.cli;

import static io.otarelease.core.testing.FleetMetricsHistory.VersionBehaviour.healthy;
import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.io.AtomicFiles;
import io.otarelease.core.registry.ReleaseStatus;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.Stager;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.testing.FleetMetricsHistory;
import io.otarelease.core.testing.PrometheusServer;
import io.otarelease.core.testing.RealParts;
import io.otarelease.core.testing.ReleaseFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ota rollout} and {@code ota canary --rollback-on-fail} on a real file store, judged by a real Prometheus
 * holding the last 90 minutes of 3.4.0 and 3.4.1 (healthy), 3.4.2 (3% crashes) and 3.4.3 (3 sessions a minute).
 */
class RolloutCommandTest {
    @TempDir
    static Path promDir;
    static PrometheusServer prometheus;
    static String metrics;

    @TempDir
    Path dir;
    ReleaseFixture fx;
    Path trustedKeys;
    String staging;
    String production;

    @BeforeAll
    static void start() throws Exception {
        RealParts.require(PrometheusServer.available(), "prometheus and promtool (Debian package prometheus)");
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
        prometheus = PrometheusServer.start(promDir, new FleetMetricsHistory()
                .version(healthy("3.4.0", 200), end, 90)
                .version(healthy("3.4.1", 200), end, 90)
                .version(healthy("3.4.2", 200).withCrashPercent(3), end, 90)
                .version(healthy("3.4.3", 3), end, 90)
                .openMetrics());
        metrics = "prometheus:" + prometheus.url();
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @BeforeEach
    void stores() {
        fx = new ReleaseFixture(dir);
        trustedKeys = dir.resolve("trusted-keys.json");
        AtomicFiles.write(trustedKeys, fx.trusted.toCanonicalBytes());
        FileStore s = new FileStore(dir.resolve("staging"));
        for (String v : List.of("3.4.0", "3.4.1", "3.4.2", "3.4.3")) {
            new Stager(s, new StoreRegistry(s, ReleaseFixture.APP), fx.trusted, fx.clock).stage(fx.bundle(v));
        }
        new Promoter(fx.context(new FileStore(dir.resolve("production")))).promote(s, "3.4.0", new Percent(100));
        staging = dir.resolve("staging").toUri().toString();
        production = dir.resolve("production").toUri().toString();
    }

    String[] rollout(String version, String... more) {
        List<String> args = new ArrayList<>(List.of("rollout", version, "--from-store", staging, "--store", production,
                "--app-id", ReleaseFixture.APP, "--trusted-keys", trustedKeys.toString(), "--signer", "file",
                "--key-id", "ota-channel", "--private-key", dir.resolve("keys/ota-channel.pem").toString(),
                "--metrics", metrics, "--check-every", "100ms"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    ChannelPointer pointer() {
        FileStore p = new FileStore(dir.resolve("production"));
        return ChannelPointer.parse(p.get(new StoreLayout(ReleaseFixture.APP).channel("production")).orElseThrow().bytes(),
                "production.json");
    }

    @Test
    void aHealthyVersionIsWidenedThroughEveryStep() {
        CliRun run = CliRun.of(rollout("3.4.1", "--steps", "5,25,100"));
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("baseline 3.4.0").contains("promoted 3.4.1 to 5% (sequence 2)")
                .contains("promoted 3.4.1 to 25% (sequence 3)").contains("canary 3.4.1: PASS")
                .contains("rollout of 3.4.1: COMPLETED at 100%");
        assertThat(pointer().current().version()).isEqualTo("3.4.1");
        assertThat(pointer().current().percent()).isEqualTo(100);
    }

    @Test
    void anUrgentRolloutSignsUrgentIntoItsStepsAndARollbackIsNotUrgent() {
        CliRun run = CliRun.of(rollout("3.4.1", "--steps", "5,100", "--urgent"));
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(pointer().current().percent()).isEqualTo(100);
        assertThat(pointer().current().urgent()).isTrue();

        CliRun crash = CliRun.of(rollout("3.4.2", "--steps", "5,100", "--urgent"));
        assertThat(crash.exitCode()).as(crash.all()).isEqualTo(1);
        assertThat(pointer().current().version()).isEqualTo("3.4.1");
        assertThat(pointer().current().urgent()).as("the rollback pointer").isFalse();
    }

    @Test
    void aCrashingVersionFailsAtTheFirstStepAndIsRolledBack() throws Exception {
        Path verdict = dir.resolve("verdict.json");
        CliRun run = CliRun.of(rollout("3.4.2", "--verdict-file", verdict.toString()));
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("promoted 3.4.2 to 5%").doesNotContain("to 25%")
                .contains("FAIL  Crash-free sessions 97% < 98% (critical)")
                .contains("rolled back: channel production serves 3.4.0 at sequence 3; 3.4.2 quarantined");
        assertThat(pointer().current().version()).isEqualTo("3.4.0");
        assertThat(Files.readString(verdict)).contains("\"outcome\":\"FAIL\"", "\"performed\":true");
        assertThat(new StoreRegistry(new FileStore(dir.resolve("production")), ReleaseFixture.APP).read()
                .find("3.4.2").orElseThrow().status()).isEqualTo(ReleaseStatus.QUARANTINED);
    }

    @Test
    void tooFewSessionsStopsAtTheFirstStepWithExitFour() {
        CliRun run = CliRun.of(rollout("3.4.3", "--max-wait", "200ms"));
        assertThat(run.exitCode()).as(run.all()).isEqualTo(4);
        assertThat(run.out()).contains("stopping here without widening").contains("HALTED_NO_DATA at 5%");
        assertThat(pointer().current().percent()).isEqualTo(5);
    }

    @Test
    void theCanaryRollsBackOnFailThroughTheEngine() throws Exception {
        new Promoter(fx.context(new FileStore(dir.resolve("production")))).promote(new FileStore(dir.resolve("staging")),
                "3.4.2", new Percent(25));
        CliRun run = CliRun.of("canary", "3.4.2", "--metrics", metrics, "--rollback-on-fail", "--store", production,
                "--app-id", ReleaseFixture.APP, "--trusted-keys", trustedKeys.toString(), "--signer", "file",
                "--key-id", "ota-channel", "--private-key", dir.resolve("keys/ota-channel.pem").toString());
        assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).contains("rolled back: channel production serves 3.4.0 at sequence 3; 3.4.2 quarantined");
        assertThat(pointer().current().version()).isEqualTo("3.4.0");
        // a healthy version with the flag: nothing rolled back
        CliRun pass = CliRun.of("canary", "3.4.0", "--metrics", metrics, "--rollback-on-fail", "--store", production,
                "--app-id", ReleaseFixture.APP, "--trusted-keys", trustedKeys.toString(), "--signer", "file",
                "--key-id", "ota-channel", "--private-key", dir.resolve("keys/ota-channel.pem").toString());
        assertThat(pass.exitCode()).as(pass.all()).isZero();
        assertThat(pointer().sequence()).isEqualTo(3);
    }

    @Test
    void badPlansExitTwo() {
        CliRun down = CliRun.of(rollout("3.4.1", "--steps", "50,25"));
        assertThat(down.exitCode()).isEqualTo(2);
        assertThat(down.err()).contains("--steps must increase (50 then 25)");
        assertThat(CliRun.of(rollout("3.4.1", "--check-every", "soon")).err()).contains("--check-every");
        assertThat(CliRun.of(rollout("../3.4.1")).exitCode()).isEqualTo(2);
        assertThat(pointer().current().version()).isEqualTo("3.4.0");
    }
}
