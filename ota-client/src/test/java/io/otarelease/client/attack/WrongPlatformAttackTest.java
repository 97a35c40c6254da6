package io.otarelease.client.attack;

import io.otarelease.client.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.device.DeviceConfig;
import io.otarelease.client.device.DownloadLimits;
import io.otarelease.client.device.UpdateResult;
import io.otarelease.client.device.UpdateResult.Outcome;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.Source;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A validly signed release made for another platform (the iOS bundle of a Cordova app, with its merges/ios files)
 * served to an Android app, over HTTP through {@code UpdateClient}: refused with {@link Reason#WRONG_PLATFORM}
 * before any file is downloaded, and the running bundle stays. Both bundles are signed by the same release key, so
 * the signature alone cannot tell them apart: only the signed {@code platform} field does.
 */
class WrongPlatformAttackTest {
    static final Duration WEEK = Duration.ofDays(7);

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
        v1 = repo.release("1.0.0"); // no platform: fits every app
        repo.publish(repo.pointer(v1, 100, null, Repo.T0.plus(WEEK)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    Phone phone(String platform) throws Exception {
        DeviceConfig c = new DeviceConfig(Repo.APP, Repo.CHANNEL, "install-1", "9.9.9", trusted, clock,
                Duration.ofSeconds(10)).withDownloads(DownloadLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(2),
                Duration.ofSeconds(2))).withPlatform(platform);
        return new Phone(server.base(), tmp.resolve("device-" + platform), c, null);
    }

    /** A signed release of {@code version} made for {@code platform}, and a pointer naming it. */
    Manifest publishFor(String version, String platform) {
        Manifest files = repo.release(version);
        Manifest m = Manifest.of(Repo.APP, version, files.minNativeVersion(), Repo.T0.toString(), files.files(),
                Source.NONE, platform);
        repo.writeManifest(version, m.toCanonicalBytes(), repo.releaseKey);
        repo.publish(repo.pointer(m, 100, v1, Repo.T0.plus(WEEK)));
        return m;
    }

    void assertRefused(Phone device, String detail) throws Exception {
        server.requested.clear();
        UpdateResult r = device.check();
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.REFUSED);
        assertThat(r.detail()).contains(detail);
        assertThat(device.refused).last().satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PLATFORM));
        assertThat(server.requested).noneMatch(p -> p.contains("/blobs/"));
        assertThat(device.running()).isEqualTo("1.0.0");
        assertThat(device.storage.load().pending()).isNull();
    }

    @Test
    void anIosReleaseServedToAnAndroidAppIsRefusedAndTheAndroidOneIsTaken() throws Exception {
        Phone android = phone("android");
        assertThat(android.checkAndRun()).isEqualTo("1.0.0");

        publishFor("1.1.0", "ios");
        assertRefused(android, "releases/1.1.0/manifest.json is a bundle for ios, but this app runs on android");

        publishFor("1.2.0", "android");
        assertThat(android.checkAndRun()).isEqualTo("1.2.0");
    }

    @Test
    void anAppThatDeclaresNoPlatformTakesOnlyReleasesForEveryPlatform() throws Exception {
        Phone undeclared = phone(null);
        assertThat(undeclared.checkAndRun()).isEqualTo("1.0.0");
        publishFor("1.1.0", "android");
        assertRefused(undeclared, "is a bundle for android, but this app declares no platform");
    }
}
