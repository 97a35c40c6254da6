package io.otarelease.client.attack;

import io.otarelease.client.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.device.DeviceConfig;
import io.otarelease.client.device.DeviceEvents;
import io.otarelease.client.device.FileDeviceStorage;
import io.otarelease.client.device.HttpTransport;
import io.otarelease.client.device.Launcher;
import io.otarelease.client.device.TrustState;
import io.otarelease.client.device.UpdateClient;
import io.otarelease.client.device.UpdateResult;
import io.otarelease.client.device.UpdateResult.Outcome;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.trust.KeyDelegation;
import io.otarelease.client.trust.SignatureSet;
import io.otarelease.client.trust.TrustRoot;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerificationException.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real device client ({@link UpdateClient} over {@link HttpTransport}, {@link FileDeviceStorage}) following
 * key rotations published under {@code <app>/trust/}: the app ships only root v1; no app code changes between
 * the steps. Every refusal leaves the running bundle as it was.
 */
class DeviceKeyRotationTest {
    static final Instant YEAR = Repo.T0.plus(Duration.ofDays(365));
    static final Instant WEEK = Repo.T0.plus(Duration.ofDays(7));

    @TempDir
    Path tmp;
    Repo repo;
    StoreServer server;
    final MutableClock clock = new MutableClock(Repo.T0.plusSeconds(3600));
    final TestKeys root1 = TestKeys.ec("root-1");
    final TestKeys root2 = TestKeys.ec("root-2");
    final TestKeys root3 = TestKeys.ec("root-3");
    final List<Reason> refused = new ArrayList<>();
    final DeviceEvents events = new DeviceEvents() {
        @Override
        public void refused(String version, VerificationException e) {
            refused.add(e.reason());
        }
    };
    TrustRoot shippedRoot;
    FileDeviceStorage storage;
    UpdateClient client;

    @BeforeEach
    void start() throws Exception {
        repo = new Repo(tmp.resolve("store"));
        server = new StoreServer(repo.root);
        shippedRoot = new TrustRoot(Repo.APP, 1, Repo.T0, YEAR, 2, new TrustedKeys(List.of(root1.trusted(),
                root2.trusted(), root3.trusted())));
        publishDelegation(1, repo.releaseKey, repo.channelKey, root1, root3);
        restart();
        Manifest v1 = repo.release("1.0.0");
        repo.publish(repo.pointer(v1, 100, null, WEEK));
        assertThat(checkAndRun()).isEqualTo("1.0.0");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A new process on the same device: fresh storage object and client over the same directory. */
    void restart() throws Exception {
        storage = new FileDeviceStorage(tmp.resolve("device"), null);
        client = new UpdateClient(config(), new HttpTransport(server.base().resolve(Repo.APP + "/"),
                Duration.ofSeconds(2), Duration.ofSeconds(2)), storage, events, shippedRoot);
    }

    DeviceConfig config() {
        return new DeviceConfig(Repo.APP, Repo.CHANNEL, "install-1", "3.0.0", null, clock, Duration.ofSeconds(10));
    }

    /** Checks, and when a release was staged, launches it and confirms it; returns the version that runs. */
    String checkAndRun() throws Exception {
        UpdateResult r = client.check();
        if (r.outcome() == Outcome.STAGED) {
            Launcher launcher = new Launcher(config(), storage, events);
            Launcher.Launch launch = launcher.launch();
            launcher.scriptStarted(launch.token());
            assertThat(launcher.ready(launch.token())).isEqualTo(Launcher.Ready.BLESSED);
        }
        return storage.load().runningVersion();
    }

    byte[] publishDelegation(long version, TestKeys release, TestKeys channel, TestKeys... signers) {
        return publishDelegation(version, release, channel, List.of(), signers);
    }

    byte[] publishDelegation(long version, TestKeys release, TestKeys channel, List<String> revoked,
                             TestKeys... signers) {
        byte[] d = new KeyDelegation(Repo.APP, version, Repo.T0, YEAR, new TrustedKeys(List.of(release.trusted())),
                new TrustedKeys(List.of(channel.trusted())), revoked).toCanonicalBytes();
        SignatureSet s = SignatureSet.empty();
        for (TestKeys k : signers) {
            s = s.with(SignatureEnvelope.parse(k.sign(d), "s"));
        }
        repo.write(Repo.APP + "/trust/keys.json", d);
        repo.write(Repo.APP + "/trust/keys.sig", s.toCanonicalBytes());
        return d;
    }

    @Test
    void followsAReleaseKeyRotationAndThenAChannelKeyRotation() throws Exception {
        TestKeys newRelease = TestKeys.ec("ota-release-2");
        Manifest v2 = repo.release("1.1.0");
        repo.writeManifest("1.1.0", v2.toCanonicalBytes(), newRelease);
        repo.publish(repo.pointer(v2, 100, null, WEEK));
        // before the delegation names it, the new release key is just another key
        UpdateResult r = client.check();
        assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(r.detail()).contains("\"ota-release-2\"");
        assertThat(storage.load().runningVersion()).isEqualTo("1.0.0");

        publishDelegation(2, newRelease, repo.channelKey, root2, root3);
        assertThat(checkAndRun()).isEqualTo("1.1.0");

        TestKeys newChannel = TestKeys.ec("ota-channel-2");
        publishDelegation(3, newRelease, newChannel, root1, root2);
        Manifest v3 = repo.release("1.2.0");
        repo.writeManifest("1.2.0", v3.toCanonicalBytes(), newRelease);
        repo.publish(repo.pointer(v3, 100, v2, WEEK).toCanonicalBytes(), newChannel);
        assertThat(checkAndRun()).isEqualTo("1.2.0");
        assertThat(storage.loadTrust().highestDelegationVersion()).isEqualTo(3);
    }

    @Test
    void afterRevokeAnUpdateSignedByTheOldKeyIsRefusedAndTheBundleKept() throws Exception {
        TestKeys stolenRelease = repo.releaseKey;
        TestKeys stolenChannel = repo.channelKey;
        TestKeys newRelease = TestKeys.ec("ota-release-2");
        TestKeys newChannel = TestKeys.ec("ota-channel-2");
        publishDelegation(2, newRelease, newChannel, List.of("ota-release", "ota-channel"), root1, root2);

        Manifest evil = repo.release("6.6.6");
        repo.writeManifest("6.6.6", evil.toCanonicalBytes(), stolenRelease);
        repo.publish(repo.pointer(evil, 100, null, WEEK).toCanonicalBytes(), stolenChannel);
        UpdateResult r = client.check();
        assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(r.detail()).contains("\"ota-channel\"");
        // the pointer under the new channel key still cannot bring a manifest signed by the old release key
        repo.publish(repo.pointer(evil, 100, null, WEEK).toCanonicalBytes(), newChannel);
        r = client.check();
        assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(r.version()).isEqualTo("6.6.6");
        assertThat(r.detail()).contains("\"ota-release\"");
        assertThat(refused).containsOnly(Reason.UNKNOWN_KEY);
        assertThat(storage.load().runningVersion()).isEqualTo("1.0.0");
        assertThat(storage.load().pending()).isNull();
        assertThat(Files.isDirectory(storage.bundleDir(evil.bundleHash()))).isFalse();
    }

    @Test
    void aRestartedDeviceKeepsItsTrustStateAndRefusesAReplayedOlderKeysDocument() throws Exception {
        byte[] oldKeys = repo.read(Repo.APP + "/trust/keys.json");
        byte[] oldKeysSig = repo.read(Repo.APP + "/trust/keys.sig");
        // rotate the root too (v2: root-2, root-3 and a new root-4; signed by 2 of v1 and 2 of v2)
        TestKeys root4 = TestKeys.ec("root-4");
        byte[] r2 = new TrustRoot(Repo.APP, 2, Repo.T0, YEAR, 2, new TrustedKeys(List.of(root2.trusted(),
                root3.trusted(), root4.trusted()))).toCanonicalBytes();
        repo.write(Repo.APP + "/trust/root/2.json", r2);
        repo.write(Repo.APP + "/trust/root/2.sig", new SignatureSet(List.of(SignatureEnvelope.parse(root1.sign(r2),
                "s"), SignatureEnvelope.parse(root2.sign(r2), "s"), SignatureEnvelope.parse(root4.sign(r2), "s")))
                .toCanonicalBytes());
        TestKeys newRelease = TestKeys.ec("ota-release-2");
        publishDelegation(2, newRelease, repo.channelKey, List.of("ota-release"), root2, root4);
        Manifest v2 = repo.release("1.1.0");
        repo.writeManifest("1.1.0", v2.toCanonicalBytes(), newRelease);
        repo.publish(repo.pointer(v2, 100, null, WEEK));
        assertThat(checkAndRun()).isEqualTo("1.1.0");

        restart();
        TrustState saved = storage.loadTrust();
        assertThat(TrustRoot.parse(saved.rootJson(), "saved").version()).isEqualTo(2);
        assertThat(saved.highestDelegationVersion()).isEqualTo(2);
        // the CDN loses root v2 (or an attacker hides it): the device needs it no more (delegation v2 is signed by
        // root-2 and root-4, which root v1 alone would not accept)
        Files.delete(repo.root.resolve(Repo.APP + "/trust/root/2.json"));
        assertThat(client.check().outcome()).isEqualTo(Outcome.UP_TO_DATE);

        // a replay of delegation v1, validly signed by root v1 and still trusting the revoked release key
        repo.write(Repo.APP + "/trust/keys.json", oldKeys);
        repo.write(Repo.APP + "/trust/keys.sig", oldKeysSig);
        Manifest evil = repo.release("6.6.6");
        repo.publish(repo.pointer(evil, 100, null, WEEK));
        UpdateResult r = client.check();
        assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
        // the restarted device checks it against root v2 (persisted), where root-1 no longer counts
        assertThat(r.detail()).startsWith("trust refused: ")
                .contains("trust/keys.json needs signatures by 2 root v2 keys but has 1");
        assertThat(refused).containsExactly(Reason.BAD_SIGNATURE);
        assertThat(storage.load().runningVersion()).isEqualTo("1.1.0");
        assertThat(storage.load().pending()).isNull();
        assertThat(storage.loadTrust().highestDelegationVersion()).isEqualTo(2);
    }

    @Test
    void aDelegationReplayedAtTheSameRootIsRefusedAsARollback() throws Exception {
        byte[] oldKeys = repo.read(Repo.APP + "/trust/keys.json");
        byte[] oldKeysSig = repo.read(Repo.APP + "/trust/keys.sig");
        publishDelegation(2, TestKeys.ec("ota-release-2"), repo.channelKey, List.of("ota-release"), root1, root2);
        assertThat(client.check().outcome()).isEqualTo(Outcome.UP_TO_DATE);
        restart();
        repo.write(Repo.APP + "/trust/keys.json", oldKeys);
        repo.write(Repo.APP + "/trust/keys.sig", oldKeysSig);
        UpdateResult r = client.check();
        assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(r.detail()).contains("trust/keys.json: expected version 2 or higher but found version 1");
        assertThat(refused).containsExactly(Reason.ROLLBACK);
        assertThat(storage.load().runningVersion()).isEqualTo("1.0.0");
    }

    @Test
    void aDelegationBelowTheRootThresholdIsRefused() throws Exception {
        TestKeys newRelease = TestKeys.ec("ota-release-2");
        publishDelegation(2, newRelease, repo.channelKey, root1); // one of the two root signatures needed
        Manifest v2 = repo.release("1.1.0");
        repo.writeManifest("1.1.0", v2.toCanonicalBytes(), newRelease);
        repo.publish(repo.pointer(v2, 100, null, WEEK));
        UpdateResult r = client.check();
        assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(r.detail()).startsWith("trust refused: ").contains("trust/keys.json");
        assertThat(storage.load().runningVersion()).isEqualTo("1.0.0");
        assertThat(storage.loadTrust().highestDelegationVersion()).isEqualTo(1);
    }

    @Test
    void anExpiredRootRefusesEveryUpdateUntilANewRootIsPublished() throws Exception {
        Manifest v2 = repo.release("1.1.0");
        repo.publish(repo.pointer(v2, 100, null, YEAR.plus(Duration.ofDays(30))));
        clock.advance(Duration.ofDays(366));
        UpdateResult r = client.check();
        assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(r.detail()).contains("trust/root/1.json expired");
        assertThat(refused).containsExactly(Reason.EXPIRED);
        assertThat(storage.load().runningVersion()).isEqualTo("1.0.0");
    }

    @Test
    void aTrustDocumentLargerThanItsLimitIsRefusedAndTheBundleKept() throws Exception {
        server.override(Repo.APP + "/trust/keys.json", StoreServer.endless());
        UpdateResult r = client.check();
        assertThat(r.outcome()).isEqualTo(Outcome.DOWNLOAD_REFUSED);
        assertThat(r.refusal()).isEqualTo(io.otarelease.client.device.Transport.Refusal.TOO_MUCH_DATA);
        assertThat(r.detail()).contains("trust/keys.json sent more than 1048576 bytes");
        assertThat(storage.load().runningVersion()).isEqualTo("1.0.0");
    }

    @Test
    void aRootListingOneKeyTwiceInAnotherEncodingIsRefusedSoOneHolderCannotMeetATwoOfTwoThreshold()
            throws Exception {
        // root v1's holders sign a root v2 whose two "new holders" are one RSA key: the second entry is the same
        // modulus and exponent written with a redundant leading zero (a different, valid-looking encoding)
        TestKeys mallory = TestKeys.rsa("root-5", io.otarelease.client.signature.Algorithm.RSASSA_PKCS1_V1_5_SHA_256);
        TestKeys placeholder = TestKeys.rsa("root-6", mallory.algorithm());
        String json = new String(new TrustRoot(Repo.APP, 2, Repo.T0, YEAR, 2, new TrustedKeys(List.of(
                mallory.trusted(), placeholder.trusted()))).toCanonicalBytes(), java.nio.charset.StandardCharsets.UTF_8);
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        byte[] r2 = json.replace(b64.encodeToString(placeholder.pair().getPublic().getEncoded()),
                b64.encodeToString(mallory.reencodedSpki())).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        TestKeys malloryAgain = mallory.as("root-6");
        repo.write(Repo.APP + "/trust/root/2.json", r2);
        repo.write(Repo.APP + "/trust/root/2.sig", new SignatureSet(List.of(SignatureEnvelope.parse(root1.sign(r2),
                "s"), SignatureEnvelope.parse(root2.sign(r2), "s"), SignatureEnvelope.parse(mallory.sign(r2), "s"),
                SignatureEnvelope.parse(malloryAgain.sign(r2), "s"))).toCanonicalBytes());
        // then one person signs a delegation to their own release key twice, once under each id
        TestKeys evilRelease = TestKeys.ec("ota-release-evil");
        publishDelegation(2, evilRelease, repo.channelKey, mallory, malloryAgain);
        Manifest evil = repo.release("6.6.6");
        repo.writeManifest("6.6.6", evil.toCanonicalBytes(), evilRelease);
        repo.publish(repo.pointer(evil, 100, null, WEEK));

        UpdateResult r = client.check();
        assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(r.detail()).startsWith("trust refused: ").contains("trust/root/2.json",
                "\"root-6\" is listed twice under different ids", "same key as \"root-5\"");
        assertThat(storage.load().runningVersion()).isEqualTo("1.0.0");
        assertThat(storage.load().pending()).isNull();
        assertThat(TrustRoot.parse(storage.loadTrust().rootJson(), "saved").version()).isEqualTo(1);
    }
}
