package io.otarelease.client.attack;

import io.otarelease.client.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.device.DeviceConfig;
import io.otarelease.client.device.DownloadLimits;
import io.otarelease.client.device.Transport.Refusal;
import io.otarelease.client.device.UpdateResult;
import io.otarelease.client.device.UpdateResult.Outcome;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.trust.KeyDelegation;
import io.otarelease.client.trust.SignatureSet;
import io.otarelease.client.trust.TrustRoot;
import io.otarelease.client.verify.VerificationException.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key compromise drill, end to end over HTTP against the code a phone runs ({@link Phone}): the release and
 * channel keys leak, the root holders rotate both and revoke the old ones, and from the device's next check on,
 * everything the thief signs is refused — including a replay of the delegation that still trusted the stolen keys.
 * No new app binary is involved: the device only ever shipped root v1.
 */
class KeyCompromiseDrillTest {
    static final Instant YEAR = Repo.T0.plus(Duration.ofDays(365));

    @TempDir
    Path tmp;
    Repo repo;
    StoreServer server;
    final MutableClock clock = new MutableClock(Repo.T0.plusSeconds(3600));
    final TestKeys root1 = TestKeys.ec("root-1");
    final TestKeys root2 = TestKeys.ec("root-2");
    final TestKeys root3 = TestKeys.ec("root-3");
    TrustRoot shippedRoot;
    Phone device;

    @BeforeEach
    void start() throws Exception {
        repo = new Repo(tmp.resolve("store"));
        server = new StoreServer(repo.root);
        shippedRoot = new TrustRoot(Repo.APP, 1, Repo.T0, YEAR, 2, new TrustedKeys(List.of(root1.trusted(),
                root2.trusted(), root3.trusted())));
        publishDelegation(1, repo.releaseKey, repo.channelKey);
        device = new Phone(server.base(), tmp.resolve("device"), new DeviceConfig(Repo.APP, Repo.CHANNEL,
                "install-1", "9.9.9", null, clock, Duration.ofSeconds(10)).withDownloads(
                DownloadLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))), shippedRoot);
        Manifest v1 = repo.release("1.0.0");
        repo.publish(repo.pointer(v1, 100, null, Repo.T0.plus(Duration.ofDays(7))));
        assertThat(device.checkAndRun()).isEqualTo("1.0.0");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    void assertRefused(Reason reason, String messagePart, String running) throws Exception {
        UpdateResult r = device.check();
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.REFUSED);
        assertThat(r.detail()).contains(messagePart);
        assertThat(device.refused).last().satisfies(e -> assertThat(e.reason()).isEqualTo(reason));
        assertThat(device.running()).isEqualTo(running);
        assertThat(device.storage.load().pending()).isNull();
    }

    byte[] publishDelegation(long version, TestKeys release, TestKeys channel, String... revoked) {
        byte[] d = new KeyDelegation(Repo.APP, version, Repo.T0, YEAR, new TrustedKeys(List.of(release.trusted())),
                new TrustedKeys(List.of(channel.trusted())), List.of(revoked)).toCanonicalBytes();
        repo.write(Repo.APP + "/trust/keys.json", d);
        repo.write(Repo.APP + "/trust/keys.sig", new SignatureSet(List.of(SignatureEnvelope.parse(root1.sign(d), "s"),
                SignatureEnvelope.parse(root3.sign(d), "s"))).toCanonicalBytes());
        return d;
    }

    @Test
    void eachRoleKeySignsOnlyItsOwnDocuments() throws Exception {
        // with one trusted-keys.json for everything, the online channel key could sign a whole bundle
        Manifest v2 = repo.release("1.1.0");
        repo.publish(repo.pointer(v2, 100, null, Repo.T0.plus(Duration.ofDays(7))).toCanonicalBytes(),
                repo.releaseKey.as("ota-release"));
        assertRefused(Reason.UNKNOWN_KEY, "\"ota-release\", which is not trusted", "1.0.0");
        repo.writeManifest("1.1.0", v2.toCanonicalBytes(), repo.channelKey);
        repo.publish(repo.pointer(v2, 100, null, Repo.T0.plus(Duration.ofDays(7))));
        assertRefused(Reason.UNKNOWN_KEY, "manifest.json is signed by key \"ota-channel\"", "1.0.0");
    }

    @Test
    void afterRotationAndRevocationTheStolenKeysSignNothingADeviceTakes() throws Exception {
        byte[] stolenDelegation = repo.read(Repo.APP + "/trust/keys.json");
        byte[] stolenDelegationSig = repo.read(Repo.APP + "/trust/keys.sig");
        TestKeys thiefRelease = repo.releaseKey;
        TestKeys thiefChannel = repo.channelKey;

        // the drill: new keys, old ones revoked, release 1.1.0 signed with the new ones
        TestKeys newRelease = TestKeys.ec("ota-release-2");
        TestKeys newChannel = TestKeys.ec("ota-channel-2");
        publishDelegation(2, newRelease, newChannel, "ota-release", "ota-channel");
        Manifest v2 = repo.release("1.1.0");
        repo.writeManifest("1.1.0", v2.toCanonicalBytes(), newRelease);
        byte[] pointer = repo.pointer(v2, 100, null, Repo.T0.plus(Duration.ofDays(7))).toCanonicalBytes();
        repo.publish(pointer, newChannel);
        assertThat(device.checkAndRun()).isEqualTo("1.1.0");

        // the thief: a pointer and a bundle signed with the stolen keys
        Manifest evil = repo.release("6.6.6");
        repo.writeManifest("6.6.6", evil.toCanonicalBytes(), thiefRelease);
        repo.publish(repo.pointer(evil, 100, v2, Repo.T0.plus(Duration.ofDays(7))).toCanonicalBytes(), thiefChannel);
        assertRefused(Reason.UNKNOWN_KEY, "\"ota-channel\", which is not trusted", "1.1.0");
        // ... even with the pointer signed by the new channel key (a second, partial compromise)
        repo.publish(repo.pointer(evil, 100, v2, Repo.T0.plus(Duration.ofDays(7))).toCanonicalBytes(), newChannel);
        assertRefused(Reason.UNKNOWN_KEY, "manifest.json is signed by key \"ota-release\"", "1.1.0");
        // ... and the thief cannot bring back the delegation that trusted the stolen keys, not even after a restart
        repo.write(Repo.APP + "/trust/keys.json", stolenDelegation);
        repo.write(Repo.APP + "/trust/keys.sig", stolenDelegationSig);
        device.restart();
        assertRefused(Reason.ROLLBACK, "trust refused: ", "1.1.0");
    }

    @Test
    void rootKeysRotateAcrossSeveralVersionsInOneRefresh() throws Exception {
        TestKeys root4 = TestKeys.ec("root-4");
        TestKeys root5 = TestKeys.ec("root-5");
        publishRoot(2, List.of(root2, root3, root4), 2, root1, root2, root3, root4);
        publishRoot(3, List.of(root4, root5), 2, root2, root4, root5);
        byte[] d = new KeyDelegation(Repo.APP, 2, Repo.T0, YEAR, new TrustedKeys(List.of(repo.releaseKey.trusted())),
                new TrustedKeys(List.of(repo.channelKey.trusted())), List.of()).toCanonicalBytes();
        repo.write(Repo.APP + "/trust/keys.json", d);
        repo.write(Repo.APP + "/trust/keys.sig", new SignatureSet(List.of(SignatureEnvelope.parse(root4.sign(d), "s"),
                SignatureEnvelope.parse(root5.sign(d), "s"))).toCanonicalBytes());
        assertThat(device.check().outcome()).isEqualTo(Outcome.UP_TO_DATE);
        assertThat(TrustRoot.parse(device.storage.loadTrust().rootJson(), "saved").version()).isEqualTo(3);
        assertThat(device.storage.loadTrust().highestDelegationVersion()).isEqualTo(2);
        // an endless next root is cut at its limit
        server.override(Repo.APP + "/trust/root/4.json", StoreServer.endless());
        UpdateResult r = device.check();
        assertThat(r.outcome()).isEqualTo(Outcome.DOWNLOAD_REFUSED);
        assertThat(r.refusal()).isEqualTo(Refusal.TOO_MUCH_DATA);
        assertThat(device.running()).isEqualTo("1.0.0");
    }

    private void publishRoot(long version, List<TestKeys> keys, int threshold, TestKeys... signers) {
        byte[] r = new TrustRoot(Repo.APP, version, Repo.T0, YEAR, threshold,
                new TrustedKeys(keys.stream().map(TestKeys::trusted).toList())).toCanonicalBytes();
        SignatureSet s = SignatureSet.empty();
        for (TestKeys k : signers) {
            s = s.with(SignatureEnvelope.parse(k.sign(r), "s"));
        }
        repo.write(Repo.APP + "/trust/root/" + version + ".json", r);
        repo.write(Repo.APP + "/trust/root/" + version + ".sig", s.toCanonicalBytes());
    }
}
