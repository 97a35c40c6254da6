package io.otarelease.client.device;

import io.otarelease.client.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.channel.Rollout;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.verify.VerificationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateClientTest {
    static final Instant T0 = Instant.parse("2026-03-29T14:00:00Z");
    final FakeCdn cdn = new FakeCdn();
    final MutableClock clock = new MutableClock(T0.plusSeconds(5));
    final List<String> refused = new ArrayList<>();
    final DeviceEvents events = new DeviceEvents() {
        @Override
        public void refused(String version, VerificationException e) {
            refused.add(version + ":" + e.reason());
        }
    };

    static Map<String, String> files(String tag, int n) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("index.html", "<html>" + tag + "</html>");
        for (int i = 0; i < n; i++) {
            m.put("js/file" + i + ".js", "console.log('file " + i + "');" + "x".repeat(1000));
        }
        return m;
    }

    DeviceConfig config(String installId, String nativeVersion) {
        return new DeviceConfig(FakeCdn.APP, "production", installId, nativeVersion, cdn.trusted, clock,
                Duration.ofSeconds(10));
    }

    UpdateClient client(DeviceStorage storage, String installId) {
        return new UpdateClient(config(installId, "3.0.0"), cdn, storage, events);
    }

    @Test
    void aFreshDeviceDownloadsVerifiesAndStagesTheReleaseThenRunsItOnceReady() throws Exception {
        Manifest v1 = cdn.release("1.0.0", "3.0.0", files("v1", 5));
        cdn.point(v1, 100, "salt-v1-0001", null, T0);
        MemoryDeviceStorage storage = new MemoryDeviceStorage();
        UpdateResult r = client(storage, "install-1").check();
        assertThat(r.outcome()).isEqualTo(UpdateResult.Outcome.STAGED);
        assertThat(r.blobsDownloaded()).isEqualTo(6);
        assertThat(storage.load().pending().version()).isEqualTo("1.0.0");
        assertThat(storage.load().current()).isNull(); // nothing runs it until a launch confirms it
        assertThat(storage.load().highestSequence(FakeCdn.APP, "production")).isEqualTo(1);

        Launcher launcher = new Launcher(config("install-1", "3.0.0"), storage, events);
        Launcher.Launch launch = launcher.launch();
        assertThat(launch.trial()).isTrue();
        launcher.scriptStarted(launch.token());
        assertThat(launcher.ready(launch.token())).isEqualTo(Launcher.Ready.BLESSED);
        assertThat(storage.load().current().version()).isEqualTo("1.0.0");
        assertThat(client(storage, "install-1").check().outcome()).isEqualTo(UpdateResult.Outcome.UP_TO_DATE);
    }

    @Test
    void anUpdateChangingThreeFilesDownloadsOnlyThoseThree() throws Exception {
        Map<String, String> f1 = files("v1", 20);
        Manifest v1 = cdn.release("1.0.0", null, f1);
        cdn.point(v1, 100, "salt-v1-0001", null, T0);
        MemoryDeviceStorage storage = new MemoryDeviceStorage();
        UpdateClient c = client(storage, "install-1");
        c.check();
        Map<String, String> f2 = new LinkedHashMap<>(f1);
        f2.put("index.html", "<html>v2</html>");
        f2.put("js/file3.js", "changed 3");
        f2.put("js/file7.js", "changed 7");
        Manifest v2 = cdn.release("1.1.0", null, f2);
        cdn.point(v2, 100, "salt-v2-0001", v1, T0);
        cdn.fetched.clear();
        UpdateResult r = c.check();
        assertThat(r.outcome()).isEqualTo(UpdateResult.Outcome.STAGED);
        assertThat(r.blobsDownloaded()).isEqualTo(3);
        assertThat(r.blobsCached()).isEqualTo(18);
        assertThat(cdn.blobsFetched()).hasSize(3);
        assertThat(r.bytesDownloaded()).isLessThan(v2.totalBytes() / 3);
    }

    @Test
    void aReplayedOlderPointerIsRefusedEvenAfterARestart(@TempDir Path dir) throws Exception {
        Manifest v1 = cdn.release("1.0.0", null, files("v1", 2));
        Manifest v2 = cdn.release("1.1.0", null, files("v2", 2));
        cdn.point(v1, 100, "salt-v1-0001", null, T0);
        byte[] oldJson = cdn.objects.get("channels/production.json");
        byte[] oldSig = cdn.objects.get("channels/production.sig");
        cdn.point(v2, 100, "salt-v2-0001", v1, T0);
        FileDeviceStorage storage = new FileDeviceStorage(dir, cdn.trusted);
        assertThat(client(storage, "i").check().version()).isEqualTo("1.1.0");

        cdn.objects.put("channels/production.json", oldJson); // a CDN (or attacker) serves the old, validly signed pointer
        cdn.objects.put("channels/production.sig", oldSig);
        UpdateResult r = client(new FileDeviceStorage(dir, cdn.trusted), "i").check(); // a new process: state from disk
        assertThat(r.outcome()).isEqualTo(UpdateResult.Outcome.REFUSED);
        assertThat(r.detail()).contains("expected sequence 2 or higher but found sequence 1");
        assertThat(refused).containsExactly("null:ROLLBACK");
        assertThat(storage.load().pending().version()).isEqualTo("1.1.0");
    }

    @Test
    void anExpiredPointerIsRefusedAlsoWhenTheCdnAnswersNotModified() throws Exception {
        Manifest v1 = cdn.release("1.0.0", null, files("v1", 2));
        cdn.point(v1, 100, "salt-v1-0001", null, T0);
        MemoryDeviceStorage storage = new MemoryDeviceStorage();
        UpdateClient c = client(storage, "i");
        assertThat(c.check().outcome()).isEqualTo(UpdateResult.Outcome.STAGED);
        clock.advance(Duration.ofDays(2));
        UpdateResult r = c.check(); // same bytes: the CDN answers 304, the device still checks the expiry
        assertThat(r.outcome()).isEqualTo(UpdateResult.Outcome.REFUSED);
        assertThat(r.detail()).contains("expired at");
        assertThat(new UpdateClient(config("j", "3.0.0"), cdn, new MemoryDeviceStorage(), events).check().detail())
                .contains("expired at");
    }

    @Test
    void installsOutsideTheRolloutKeepTheFallbackAndThoseInsideTakeTheNewRelease() throws Exception {
        Manifest v1 = cdn.release("1.0.0", null, files("v1", 2));
        Manifest v2 = cdn.release("1.1.0", null, files("v2", 2));
        ChannelPointer p = cdn.point(v2, 10, "salt-v2-0001", v1, T0);
        String in = null;
        String out = null;
        for (int i = 0; in == null || out == null; i++) {
            String id = "install-" + i;
            if (Rollout.inRollout(p.current(), id)) {
                in = in == null ? id : in;
            } else {
                out = out == null ? id : out;
            }
        }
        assertThat(client(new MemoryDeviceStorage(), in).check().version()).isEqualTo("1.1.0");
        assertThat(client(new MemoryDeviceStorage(), out).check().version()).isEqualTo("1.0.0");
    }

    @Test
    void aReleaseNeedingANewerNativeAppIsSkippedForTheFallbackOrNothing() throws Exception {
        Manifest v1 = cdn.release("1.0.0", "2.0.0", files("v1", 2));
        Manifest v2 = cdn.release("2.0.0", "4.0.0", files("v2", 2));
        cdn.point(v2, 100, "salt-v2-0001", v1, T0);
        DeviceConfig old = config("i", "3.1.0");
        assertThat(new UpdateClient(old, cdn, new MemoryDeviceStorage(), events).check().version()).isEqualTo("1.0.0");
        DeviceConfig ancient = config("i", "1.9.9");
        assertThat(new UpdateClient(ancient, cdn, new MemoryDeviceStorage(), events).check().outcome())
                .isEqualTo(UpdateResult.Outcome.NO_RELEASE);
        assertThat(new UpdateClient(config("i", "4.0.0"), cdn, new MemoryDeviceStorage(), events).check().version())
                .isEqualTo("2.0.0");
    }

    @Test
    void aTamperedBlobIsRefusedAndNothingIsStaged() throws Exception {
        Manifest v1 = cdn.release("1.0.0", null, files("v1", 2));
        cdn.point(v1, 100, "salt-v1-0001", null, T0);
        String key = "blobs/sha256/" + v1.files().get(0).sha256().substring(0, 2) + "/" + v1.files().get(0).sha256();
        byte[] b = cdn.objects.get(key).clone();
        b[0] ^= 1;
        cdn.objects.put(key, b);
        MemoryDeviceStorage storage = new MemoryDeviceStorage();
        UpdateResult r = client(storage, "i").check();
        assertThat(r.outcome()).isEqualTo(UpdateResult.Outcome.REFUSED);
        assertThat(r.detail()).contains("has SHA-256").contains(v1.files().get(0).path());
        assertThat(storage.load().pending()).isNull();
        assertThat(storage.blobCount()).isZero();
        assertThat(refused).containsExactly("1.0.0:FILE_CHANGED");
    }

    @Test
    void aManifestThatIsNotTheContentThePointerNamesIsRefused() throws Exception {
        Manifest v1 = cdn.release("1.0.0", null, files("v1", 2));
        Manifest other = cdn.release("1.0.1", null, files("other", 2));
        cdn.point(v1, 100, "salt-v1-0001", null, T0);
        // validly signed, but a different release swapped in at the path of 1.0.0
        cdn.objects.put("releases/1.0.0/manifest.json", cdn.objects.get("releases/1.0.1/manifest.json"));
        cdn.objects.put("releases/1.0.0/manifest.sig", cdn.objects.get("releases/1.0.1/manifest.sig"));
        UpdateResult r = client(new MemoryDeviceStorage(), "i").check();
        assertThat(r.outcome()).isEqualTo(UpdateResult.Outcome.REFUSED);
        assertThat(r.detail()).contains(v1.bundleHash()).contains(other.bundleHash());
    }

    @Test
    void aPointerSignedByAnUntrustedKeyIsRefusedAndReported() throws Exception {
        Manifest v1 = cdn.release("1.0.0", null, files("v1", 2));
        cdn.point(v1, 100, "salt-v1-0001", null, T0);
        FakeCdn attacker = new FakeCdn();
        cdn.objects.put("channels/production.sig", attacker.sign(cdn.objects.get("channels/production.json")));
        UpdateResult r = client(new MemoryDeviceStorage(), "i").check();
        assertThat(r.outcome()).isEqualTo(UpdateResult.Outcome.REFUSED);
        assertThat(refused).containsExactly("null:BAD_SIGNATURE");
        // fetched again three times (a publish may be in flight), then reported
        assertThat(cdn.fetched.stream().filter(p -> p.endsWith(".sig"))).hasSize(4);
    }

    @Test
    void aPointerSeenBesideTheOldSignatureMidPublishIsNotReported() throws Exception {
        Manifest v1 = cdn.release("1.0.0", null, files("v1", 2));
        Manifest v2 = cdn.release("1.1.0", null, files("v2", 2));
        cdn.point(v1, 100, "salt-v1-0001", null, T0);
        byte[] oldSig = cdn.objects.get("channels/production.sig");
        cdn.point(v2, 100, "salt-v2-0001", v1, T0);
        byte[] newSig = cdn.objects.get("channels/production.sig");
        cdn.objects.put("channels/production.sig", oldSig); // the new pointer is written, its signature not yet
        Transport publishing = (path, etag, max) -> {
            if (path.endsWith(".sig") && cdn.fetched.stream().filter(p -> p.endsWith(".sig")).count() >= 2) {
                cdn.objects.put("channels/production.sig", newSig); // the publish completes
            }
            return cdn.get(path, etag, max);
        };
        UpdateResult r = new UpdateClient(config("i", "3.0.0"), publishing, new MemoryDeviceStorage(), events).check();
        assertThat(r.outcome()).isEqualTo(UpdateResult.Outcome.STAGED);
        assertThat(r.version()).isEqualTo("1.1.0");
        assertThat(refused).isEmpty();
    }

    @Test
    void anUnreachableCdnChangesNothing() throws Exception {
        Transport down = (path, etag, max) -> {
            throw new java.net.ConnectException("connection refused");
        };
        MemoryDeviceStorage storage = new MemoryDeviceStorage();
        UpdateResult r = new UpdateClient(config("i", "3.0.0"), down, storage, events).check();
        assertThat(r.outcome()).isEqualTo(UpdateResult.Outcome.FAILED);
        assertThat(storage.load()).isEqualTo(DeviceState.initial());
    }

    @Test
    void theFileStorageAssemblesAVerifiedBundleAndKeepsStateAcrossRestarts(@TempDir Path dir) throws Exception {
        Manifest v1 = cdn.release("1.0.0", null, files("v1", 3));
        cdn.point(v1, 100, "salt-v1-0001", null, T0);
        FileDeviceStorage storage = new FileDeviceStorage(dir, cdn.trusted);
        client(storage, "i").check();
        Path bundle = storage.bundleDir(v1.bundleHash());
        assertThat(bundle.resolve("index.html")).hasContent("<html>v1</html>");
        assertThat(bundle.resolve("manifest.json")).exists();
        try (var s = Files.list(dir.resolve("bundles"))) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly(v1.bundleHash().substring(7));
        }
        DeviceState reloaded = new FileDeviceStorage(dir, cdn.trusted).load();
        assertThat(reloaded.pending()).isEqualTo(new DeviceState.Installed("1.0.0", v1.bundleHash()));
        assertThat(reloaded.highestSequence(FakeCdn.APP, "production")).isEqualTo(1);

        // a bundle damaged on disk after it was prepared is verified again, not trusted
        Files.writeString(bundle.resolve("index.html"), "<html>evil</html>");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> storage.prepare(v1,
                cdn.objects.get("releases/1.0.0/manifest.json"), cdn.objects.get("releases/1.0.0/manifest.sig")))
                .isInstanceOf(VerificationException.class).hasMessageContaining("index.html");
    }

    @Test
    void aCorruptStateFileNamesTheFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("state.json"), "{\"schema\":\"ota-device-state/1\",");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FileDeviceStorage(dir, cdn.trusted).load())
                .isInstanceOf(IOException.class).hasMessageContaining("state.json");
    }
}
