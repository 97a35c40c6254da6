package io.otarelease.client.device;

import io.otarelease.client.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.manifest.Manifest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Readiness: only the new page's own ready call, in time, makes a bundle current. */
class LauncherTest {
    static final Instant T0 = Instant.parse("2026-03-29T14:00:00Z");
    final FakeCdn cdn = new FakeCdn();
    final MutableClock clock = new MutableClock(T0.plusSeconds(5));
    final MemoryDeviceStorage storage = new MemoryDeviceStorage();
    final List<DeviceState.Revert> reverts = new ArrayList<>();
    final DeviceEvents events = new DeviceEvents() {
        @Override
        public void reverted(DeviceState.Revert r) {
            reverts.add(r);
        }
    };
    final DeviceConfig config = new DeviceConfig(FakeCdn.APP, "production", "install-1", "3.0.0", cdn.trusted, clock,
            Duration.ofSeconds(10));
    final Launcher launcher = new Launcher(config, storage, events);
    final UpdateClient client = new UpdateClient(config, cdn, storage, events);
    Manifest v1;
    Manifest v2;
    String oldToken;

    /** The device runs 1.0.0 (blessed), and 1.1.0 is staged. */
    @BeforeEach
    void runningV1WithV2Staged() throws Exception {
        v1 = cdn.release("1.0.0", null, UpdateClientTest.files("v1", 3));
        cdn.point(v1, 100, "salt-v1-0001", null, T0);
        client.check();
        Launcher.Launch first = launcher.launch();
        launcher.scriptStarted(first.token());
        assertThat(launcher.ready(first.token())).isEqualTo(Launcher.Ready.BLESSED);
        Launcher.Launch normal = launcher.launch();
        assertThat(normal.trial()).isFalse();
        assertThat(launcher.ready(normal.token())).isEqualTo(Launcher.Ready.ALREADY_CURRENT);
        oldToken = normal.token();
        v2 = cdn.release("1.1.0", null, UpdateClientTest.files("v2", 3));
        cdn.point(v2, 100, "salt-v2-0001", v1, T0);
        assertThat(client.check().outcome()).isEqualTo(UpdateResult.Outcome.STAGED);
    }

    @Test
    void theNewPagesReadyWithItsOwnTokenBlessesTheBundle() throws Exception {
        Launcher.Launch l = launcher.launch();
        assertThat(l.trial()).isTrue();
        assertThat(l.bundle().version()).isEqualTo("1.1.0");
        assertThat(l.token()).isNotEqualTo(oldToken).hasSizeGreaterThanOrEqualTo(20);
        launcher.scriptStarted(l.token());
        clock.advance(Duration.ofSeconds(9));
        assertThat(launcher.ready(l.token())).isEqualTo(Launcher.Ready.BLESSED);
        DeviceState s = storage.load();
        assertThat(s.current().version()).isEqualTo("1.1.0");
        assertThat(s.previous().version()).isEqualTo("1.0.0");
        assertThat(s.trial()).isNull();
        assertThat(reverts).isEmpty();
    }

    @Test
    void aLateReadyFromTheOldPageCannotBlessTheNewBundle() throws Exception {
        Launcher.Launch l = launcher.launch();
        launcher.scriptStarted(l.token());
        assertThat(launcher.ready(oldToken)).isEqualTo(Launcher.Ready.WRONG_TOKEN);
        assertThat(launcher.ready("forged-token-value")).isEqualTo(Launcher.Ready.WRONG_TOKEN);
        assertThat(storage.load().current().version()).isEqualTo("1.0.0");
        clock.advance(Duration.ofSeconds(11));
        assertThat(launcher.checkTimeout()).hasValueSatisfying(r -> {
            assertThat(r.version()).isEqualTo("1.1.0");
            assertThat(r.reason()).isEqualTo("no ready call within 10000 ms of the page's script start");
        });
        assertThat(storage.load().current().version()).isEqualTo("1.0.0");
        assertThat(storage.load().blocked()).containsExactly(v2.bundleHash());
        assertThat(launcher.launch().bundle().version()).isEqualTo("1.0.0");
    }

    @Test
    void theTimeoutCountsFromTheNewPagesScriptStartNotFromDownloadOrLaunch() throws Exception {
        clock.advance(Duration.ofMinutes(5)); // long after the download
        Launcher.Launch l = launcher.launch();
        clock.advance(Duration.ofSeconds(30)); // a slow native start: the page's script has not begun
        assertThat(launcher.checkTimeout()).isEmpty();
        launcher.scriptStarted(l.token());
        clock.advance(Duration.ofSeconds(8));
        assertThat(launcher.checkTimeout()).isEmpty();
        assertThat(launcher.ready(l.token())).isEqualTo(Launcher.Ready.BLESSED);
    }

    @Test
    void aReadyAfterTheTimeoutRevertsInsteadOfBlessing() throws Exception {
        Launcher.Launch l = launcher.launch();
        launcher.scriptStarted(l.token());
        clock.advance(Duration.ofSeconds(10).plusMillis(1));
        assertThat(launcher.ready(l.token())).isEqualTo(Launcher.Ready.TOO_LATE);
        assertThat(storage.load().current().version()).isEqualTo("1.0.0");
        assertThat(reverts).extracting(DeviceState.Revert::version).containsExactly("1.1.0");
    }

    @Test
    void aCrashDuringTheTrialRevertsAtTheNextLaunchWithTheReasonRecorded() throws Exception {
        launcher.launch(); // the page starts, then the process dies before ready
        Launcher relaunched = new Launcher(config, storage, events); // a new process
        Launcher.Launch l = relaunched.launch();
        assertThat(l.trial()).isFalse();
        assertThat(l.bundle().version()).isEqualTo("1.0.0");
        DeviceState s = storage.load();
        assertThat(s.reverts()).singleElement().satisfies(r -> {
            assertThat(r.version()).isEqualTo("1.1.0");
            assertThat(r.bundleHash()).isEqualTo(v2.bundleHash());
            assertThat(r.reason()).contains("stopped before the page called ready");
        });
        assertThat(reverts).hasSize(1);
    }

    @Test
    void aFailedPageIsRevertedOnlyByItsOwnLaunch() throws Exception {
        Launcher.Launch l = launcher.launch();
        assertThat(launcher.launchFailed(oldToken, "whatever")).isEmpty();
        assertThat(launcher.launchFailed(l.token(), "net::ERR_FILE_NOT_FOUND")).hasValueSatisfying(r ->
                assertThat(r.reason()).isEqualTo("the page failed to start: net::ERR_FILE_NOT_FOUND"));
    }

    @Test
    void aBlockedBundleIsNotInstalledAgainButAPointerNamingDifferentContentIs() throws Exception {
        Launcher.Launch l = launcher.launch();
        launcher.scriptStarted(l.token());
        clock.advance(Duration.ofSeconds(11));
        launcher.checkTimeout();
        UpdateResult again = client.check();
        assertThat(again.outcome()).isEqualTo(UpdateResult.Outcome.BLOCKED);
        assertThat(again.detail()).contains(v2.bundleHash());
        assertThat(launcher.launch().trial()).isFalse();

        Manifest fixed = cdn.release("1.1.1", null, UpdateClientTest.files("v2-fixed", 3));
        cdn.point(fixed, 100, "salt-v3-0001", v1, T0);
        assertThat(client.check().outcome()).isEqualTo(UpdateResult.Outcome.STAGED);
        Launcher.Launch l2 = launcher.launch();
        assertThat(l2.bundle().version()).isEqualTo("1.1.1");
        launcher.scriptStarted(l2.token());
        assertThat(launcher.ready(l2.token())).isEqualTo(Launcher.Ready.BLESSED);
        assertThat(storage.load().blocked()).containsExactly(v2.bundleHash());
    }

    @Test
    void aRollbackBeforeTheStagedReleaseWasLaunchedUnstagesIt() throws Exception {
        cdn.point(v1, 100, "salt-v1-0002", null, T0); // the server rolled back to 1.0.0
        assertThat(client.check().outcome()).isEqualTo(UpdateResult.Outcome.UP_TO_DATE);
        assertThat(storage.load().pending()).isNull();
        assertThat(launcher.launch().trial()).isFalse();
    }

    @Test
    void stateRoundTripsThroughItsJson() throws Exception {
        Launcher.Launch l = launcher.launch();
        launcher.scriptStarted(l.token());
        DeviceState s = storage.load();
        assertThat(DeviceState.parse(s.toJson(), "state.json")).isEqualTo(s);
    }

    @Test
    void blocksAreBoundedAndForgetTheOldestFirstAndKeepTheirOrderOnDisk() {
        DeviceState s = DeviceState.initial();
        for (int i = 0; i < 70; i++) {
            String h = "sha256:" + String.format("%064x", 1000 - i); // descending, so sorting would reorder them
            s = s.withTrial(new DeviceState.Trial(new DeviceState.Installed("1.0." + i, h), "t" + i, null))
                    .revert(new DeviceState.Revert("1.0." + i, h, "test", T0));
        }
        assertThat(s.blocked()).hasSize(64).doesNotContain("sha256:" + String.format("%064x", 1000))
                .contains("sha256:" + String.format("%064x", 1000 - 69));
        assertThat(s.blocked().iterator().next()).isEqualTo("sha256:" + String.format("%064x", 1000 - 6));
        assertThat(s.reverts()).hasSize(10);
        DeviceState back = DeviceState.parse(s.toJson(), "state.json");
        assertThat(back.blocked()).containsExactlyElementsOf(s.blocked());
    }
}
