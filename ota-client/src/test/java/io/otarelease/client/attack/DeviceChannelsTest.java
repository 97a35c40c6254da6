package io.otarelease.client.attack;

import io.otarelease.client.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.device.DeviceConfig;
import io.otarelease.client.device.DownloadLimits;
import io.otarelease.client.device.UpdateResult;
import io.otarelease.client.device.UpdateResult.Outcome;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Channels and versions on the code a phone runs ({@link Phone}): anti-rollback state per app and channel, so a
 * device can follow beta and come back; the shipped bundle as a floor; native versions of any shape never crash a
 * check. Restarts are new processes over the same storage directory.
 */
class DeviceChannelsTest {
    static final Instant WEEK = Repo.T0.plus(Duration.ofDays(7));

    @TempDir
    Path tmp;
    Repo repo;
    StoreServer server;
    final MutableClock clock = new MutableClock(Repo.T0.plusSeconds(3600));
    TrustedKeys trusted;
    Manifest v1;

    @BeforeEach
    void start() throws Exception {
        repo = new Repo(tmp.resolve("store"));
        server = new StoreServer(repo.root);
        trusted = new TrustedKeys(List.of(repo.releaseKey.trusted(), repo.channelKey.trusted()));
        v1 = repo.release("1.0.0"); // needs native 1.0.0
    }

    @AfterEach
    void stop() {
        server.close();
    }

    DeviceConfig config(String nativeVersion) {
        return new DeviceConfig(Repo.APP, "production", "install-1", nativeVersion, trusted, clock,
                Duration.ofSeconds(10)).withDownloads(DownloadLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(2),
                Duration.ofSeconds(5)));
    }

    Phone phone(DeviceConfig c) throws Exception {
        return new Phone(server.base(), tmp.resolve("device"), c, null);
    }

    void publish(String channel, long sequence, Manifest current, Manifest fallback) {
        repo.publish(repo.pointer(channel, sequence, current, 100, fallback, WEEK));
    }

    // --- finding 5: channels can be switched --------------------------------------------------------------------

    @Test
    void aDeviceThatFollowedBetaGoesBackToProductionAndKeepsReplayProtectionOnBoth() throws Exception {
        Manifest beta = repo.release("2.0.0-beta.1");
        publish("production", 4, v1, null);
        publish("beta", 10, beta, null);
        Phone device = phone(config("3.0.0"));
        assertThat(device.checkAndRun()).isEqualTo("1.0.0");

        device.client.switchChannel("beta");
        assertThat(device.restart().client.channel()).isEqualTo("beta"); // the choice survives a restart
        assertThat(device.checkAndRun()).isEqualTo("2.0.0-beta.1");

        device.client.switchChannel(null); // back to the configured channel, whose sequence (4) is below beta's (10)
        assertThat(device.checkAndRun()).isEqualTo("1.0.0"); // staged, launched and blessed: no replay refusal
        assertThat(device.refused).isEmpty();
        assertThat(device.storage.load().highestSequence(Repo.APP, "production")).isEqualTo(4);
        assertThat(device.storage.load().highestSequence(Repo.APP, "beta")).isEqualTo(10);

        // replay protection holds per channel, across restarts: an older production pointer is refused
        byte[] seq3 = repo.pointer("production", 3, beta, 100, null, WEEK).toCanonicalBytes();
        repo.publish("production", seq3, repo.channelKey);
        device.restart();
        UpdateResult replay = device.check();
        assertThat(replay.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(replay.detail()).contains("expected sequence 4 or higher but found sequence 3");
        assertThat(device.refused).last().satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.ROLLBACK));
        // ... and beta's pointer served at production's path names another channel
        repo.publish("production", repo.read(Repo.APP + "/channels/beta.json"), repo.channelKey);
        assertThat(device.check().detail()).contains("is for app " + Repo.APP + " channel beta");
        assertThat(device.running()).isEqualTo("1.0.0");
        assertThatThrownBy(() -> device.client.switchChannel("../x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theFirstPointerOfAChannelNeverGoesBelowTheShippedBundleButASignedRollbackDoes() throws Exception {
        Manifest v2 = repo.release("2.0.0");
        publish("production", 1, v1, null);
        Phone device = phone(config("3.0.0").withShippedVersion("1.5.0"));
        UpdateResult r = device.check();
        assertThat(r.outcome()).isEqualTo(Outcome.NO_RELEASE);
        assertThat(r.detail()).contains("serves 1.0.0, below the bundle the app shipped with (1.5.0)");
        assertThat(device.running()).isNull(); // the shipped bundle runs
        device.restart();
        assertThat(device.check().outcome()).isEqualTo(Outcome.NO_RELEASE); // a refresh is not a rollback

        publish("production", 2, v2, v1);
        assertThat(device.checkAndRun()).isEqualTo("2.0.0");
        publish("production", 3, v1, null); // the release manager rolls 2.0.0 back: a new, signed pointer
        assertThat(device.checkAndRun()).isEqualTo("1.0.0");
    }

    @Test
    void aVersionOneStateKeepsItsSequenceForTheConfiguredChannel() throws Exception {
        Files.createDirectories(tmp.resolve("device"));
        Files.write(tmp.resolve("device/state.json"), ("{\"blocked\":[],\"highestSequence\":5,\"reverts\":[],"
                + "\"schema\":\"ota-device-state/1\"}").getBytes(StandardCharsets.UTF_8));
        publish("production", 4, v1, null);
        Phone device = phone(config("3.0.0"));
        assertThat(device.check().detail()).contains("expected sequence 5 or higher but found sequence 4");
        publish("production", 6, v1, null);
        assertThat(device.checkAndRun()).isEqualTo("1.0.0");
        assertThat(device.storage.load().channels()).containsOnlyKeys(Repo.APP + "/production");
    }

    // --- finding 4: ordinary versions never crash a check ---------------------------------------------------

    @Test
    void aNativeVersionWithBuildMetadataIsCompared() throws Exception {
        // the old copy split "3.0.0+45" into 3, 0, "0+45" and threw once 3 and 0 matched the minimum's
        Manifest v3 = repo.release(Repo.APP, "3.1.0", "3.0.0", Repo.files("3.1.0"));
        publish("production", 1, v3, null);
        assertThat(phone(config("3.0.0+45")).checkAndRun()).isEqualTo("3.1.0");
    }

    @Test
    void aPreReleaseNativeVersionIsBelowItsRelease() throws Exception {
        publish("production", 1, v1, null);
        UpdateResult r = phone(config("1.0.0-beta.2")).check();
        assertThat(r.outcome()).isEqualTo(Outcome.NO_RELEASE);
        assertThat(phone(config("1.0.0-beta.2+7")).reconfigure(config("1.0.0+7")).checkAndRun()).isEqualTo("1.0.0");
    }

    @Test
    void aSignedMinNativeVersionBeyondALongIsComparedNotParsed() throws Exception {
        Manifest v2 = repo.release("2.0.0");
        repo.publish(new ChannelPointer(Repo.APP, "production", 1, Repo.T0, WEEK, new ChannelPointer.Current("2.0.0",
                v2.bundleHash(), "99999999999999999999.0.0", 100, "salt-huge-native"),
                new ChannelPointer.Fallback("1.0.0", v1.bundleHash(), v1.minNativeVersion())));
        assertThat(phone(config("3.0.0")).checkAndRun()).isEqualTo("1.0.0"); // the fallback: 3.0.0 is too old
    }
}
