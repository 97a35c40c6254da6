package io.otarelease.client.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.fetch.BoundedFetcher;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.trust.KeyDelegation;
import io.otarelease.client.trust.RoleKeys;
import io.otarelease.client.trust.SignatureSet;
import io.otarelease.client.trust.TrustRoot;
import io.otarelease.client.trust.TrustSource;
import io.otarelease.client.trust.TrustUpdater;
import io.otarelease.client.verify.VerificationException;
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
 * The key compromise drill, end to end over HTTP: the release and channel keys leak, the root holders rotate both
 * and revoke the old ones, and from the device's next trust refresh on, everything the thief signs is refused —
 * including a replay of the delegation that still trusted the stolen keys. No new app binary is involved: the
 * device only ever shipped root v1.
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
    TestDevice device;
    TrustUpdater trust;
    TrustSource source;

    @BeforeEach
    void start() throws Exception {
        repo = new Repo(tmp.resolve("store"));
        server = new StoreServer(repo.root);
        shippedRoot = new TrustRoot(Repo.APP, 1, Repo.T0, YEAR, 2, new TrustedKeys(List.of(root1.trusted(),
                root2.trusted(), root3.trusted())));
        publishDelegation(1, repo.releaseKey, repo.channelKey);
        BoundedFetcher fetcher = BoundedFetcher.defaults();
        source = (name, max) -> fetcher.fetch(server.base().resolve(Repo.APP + "/trust/" + name), max, name);
        trust = new TrustUpdater(shippedRoot, 0, clock);
        RoleKeys keys = trust.refresh(source);
        device = new TestDevice(server.base(), tmp.resolve("device"), keys.release(), keys.channel(), clock,
                fetcher, "install-1");
        Manifest v1 = repo.release("1.0.0");
        repo.publish(repo.pointer(v1, 100, null, Repo.T0.plus(Duration.ofDays(7))));
        assertThat(device.update()).isEqualTo("1.0.0");
    }

    @AfterEach
    void stop() {
        server.close();
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
    void eachRoleKeySignsOnlyItsOwnDocuments() {
        // with one trusted-keys.json for everything, the online channel key could sign a whole bundle
        Manifest v2 = repo.release("1.1.0");
        repo.publish(repo.pointer(v2, 100, null, Repo.T0.plus(Duration.ofDays(7))).toCanonicalBytes(),
                repo.releaseKey.as("ota-release"));
        assertThatThrownBy(device::update).isInstanceOfSatisfying(VerificationException.class,
                e -> assertThat(e).hasMessageContaining("\"ota-release\", which is not trusted"));
        repo.writeManifest("1.1.0", v2.toCanonicalBytes(), repo.channelKey);
        repo.publish(repo.pointer(v2, 100, null, Repo.T0.plus(Duration.ofDays(7))));
        assertThatThrownBy(device::update).isInstanceOfSatisfying(VerificationException.class,
                e -> assertThat(e).hasMessageContaining("manifest.json is signed by key \"ota-channel\""));
        assertThat(device.running()).isEqualTo("1.0.0");
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
        RoleKeys keys = trust.refresh(source);
        device.useKeys(keys.release(), keys.channel());
        Manifest v2 = repo.release("1.1.0");
        repo.writeManifest("1.1.0", v2.toCanonicalBytes(), newRelease);
        byte[] pointer = repo.pointer(v2, 100, null, Repo.T0.plus(Duration.ofDays(7))).toCanonicalBytes();
        repo.publish(pointer, newChannel);
        assertThat(device.update()).isEqualTo("1.1.0");

        // the thief: a pointer and a bundle signed with the stolen keys
        Manifest evil = repo.release("6.6.6");
        repo.writeManifest("6.6.6", evil.toCanonicalBytes(), thiefRelease);
        repo.publish(repo.pointer(evil, 100, v2, Repo.T0.plus(Duration.ofDays(7))).toCanonicalBytes(), thiefChannel);
        assertThatThrownBy(device::update).isInstanceOfSatisfying(VerificationException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY);
            assertThat(e).hasMessageContaining("\"ota-channel\", which is not trusted");
        });
        // ... even with the pointer signed by the new channel key (a second, partial compromise)
        repo.publish(repo.pointer(evil, 100, v2, Repo.T0.plus(Duration.ofDays(7))).toCanonicalBytes(), newChannel);
        assertThatThrownBy(device::update).isInstanceOfSatisfying(VerificationException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_KEY);
            assertThat(e).hasMessageContaining("manifest.json is signed by key \"ota-release\"");
        });
        // ... and the thief cannot bring back the delegation that trusted the stolen keys
        repo.write(Repo.APP + "/trust/keys.json", stolenDelegation);
        repo.write(Repo.APP + "/trust/keys.sig", stolenDelegationSig);
        assertThatThrownBy(() -> trust.refresh(source)).isInstanceOfSatisfying(VerificationException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.ROLLBACK));
        assertThat(device.running()).isEqualTo("1.1.0");
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
        trust.refresh(source);
        assertThat(trust.root().version()).isEqualTo(3);
        assertThat(trust.highestDelegationVersion()).isEqualTo(2);
        // an endless next root is cut at its limit
        server.override(Repo.APP + "/trust/root/4.json", StoreServer.endless());
        assertThatThrownBy(() -> trust.refresh(source)).isInstanceOfSatisfying(VerificationException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE));
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
