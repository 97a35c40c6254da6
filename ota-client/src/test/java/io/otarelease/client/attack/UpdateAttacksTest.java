package io.otarelease.client.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.fetch.BoundedFetcher;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.client.manifest.Source;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.BundleVerifier;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerificationException.Reason;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The update attacks of The Update Framework's threat model, each served by a real HTTP server to a device that
 * runs every client check. In each scenario the device already runs 1.0.0 (pointer sequence 1); the attacker
 * serves something for 1.1.0 and the device must refuse it and keep running 1.0.0, whose directory still verifies.
 */
class UpdateAttacksTest {
    static final Duration WEEK = Duration.ofDays(7);

    @TempDir
    Path tmp;
    Repo repo;
    StoreServer server;
    MutableClock clock = new MutableClock(Repo.T0.plusSeconds(3600));
    TrustedKeys trusted;
    TestDevice device;
    Manifest v1;
    Manifest v2;

    @BeforeEach
    void runningOneDotZero() throws Exception {
        repo = new Repo(tmp.resolve("store"));
        server = new StoreServer(repo.root);
        trusted = new TrustedKeys(List.of(repo.releaseKey.trusted(), repo.channelKey.trusted()));
        device = device(fetcher());
        v1 = repo.release("1.0.0");
        repo.publish(repo.pointer(v1, 100, null, Repo.T0.plus(WEEK)));
        assertThat(device.update()).isEqualTo("1.0.0");
        v2 = repo.release("1.1.0");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    TestDevice device(BoundedFetcher f) {
        return new TestDevice(server.base(), tmp.resolve("device"), trusted, clock, f, "install-1");
    }

    static BoundedFetcher fetcher() {
        return new BoundedFetcher(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5), 8 * 1024);
    }

    byte[] publishV2() {
        return repo.publish(repo.pointer(v2, 100, v1, Repo.T0.plus(WEEK)));
    }

    void assertRefused(Reason reason, String messagePart) throws Exception {
        assertThatThrownBy(device::update).isInstanceOfSatisfying(VerificationException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(messagePart);
        });
        assertStillRunning("1.0.0");
    }

    void assertStillRunning(String version) throws Exception {
        assertThat(device.running()).isEqualTo(version);
        assertThat(new BundleVerifier(trusted).verify(device.runningDir()).manifest().version()).isEqualTo(version);
        assertThat(tmp.resolve("device/staging/1.1.0")).doesNotExist();
    }

    @Test
    void theHonestUpdateIsTaken() throws Exception {
        publishV2();
        assertThat(device.update()).isEqualTo("1.1.0");
        assertStillRunning("1.1.0");
    }

    // --- arbitrary bundle -------------------------------------------------------------------------------------

    @Test
    void manifestAlteredAfterSigningIsRefused() throws Exception {
        publishV2();
        String key = Repo.APP + "/releases/1.1.0/manifest.json";
        String altered = new String(repo.read(key), StandardCharsets.UTF_8).replace("\"size\":19", "\"size\":20");
        repo.write(key, altered.getBytes(StandardCharsets.UTF_8));
        assertRefused(Reason.BAD_SIGNATURE, "manifest.json: signature by key \"ota-release\" does not verify");
    }

    @Test
    void fileAlteredAfterSigningIsRefused() throws Exception {
        publishV2();
        ManifestFile js = file(v2, "js/app.js");
        byte[] evil = String.format("%-" + js.size() + "s", "fetch('//evil');").getBytes(StandardCharsets.UTF_8);
        assertThat(evil).hasSize((int) js.size()); // same size: only the hash can tell
        repo.write(repo.blobKey(js.sha256()), evil);
        assertRefused(Reason.FILE_CHANGED, "js/app.js has SHA-256");
    }

    @Test
    void manifestSignedByAnUntrustedKeyUnderTheTrustedIdIsRefused() throws Exception {
        publishV2();
        repo.writeManifest("1.1.0", evilManifest(), TestKeys.ec("x").as("ota-release"));
        assertRefused(Reason.BAD_SIGNATURE, "does not verify");
    }

    @Test
    void manifestSignedByAnUnknownKeyIsRefused() throws Exception {
        publishV2();
        repo.writeManifest("1.1.0", evilManifest(), TestKeys.ec("attacker-2026"));
        assertRefused(Reason.UNKNOWN_KEY, "\"attacker-2026\", which is not trusted");
    }

    @Test
    void pointerSignedByAnUntrustedKeyIsRefused() throws Exception {
        repo.publish(repo.pointer(v2, 100, v1, Repo.T0.plus(WEEK)).toCanonicalBytes(),
                TestKeys.ec("x").as("ota-channel"));
        assertRefused(Reason.BAD_SIGNATURE, "channels/production.json: signature by key \"ota-channel\"");
    }

    @Test
    void trustedKeyPresentedWithAnotherAlgorithmIsRefused() throws Exception {
        publishV2();
        byte[] manifest = repo.read(Repo.APP + "/releases/1.1.0/manifest.json");
        byte[] sig = repo.releaseKey.rawSign(manifest);
        repo.write(Repo.APP + "/releases/1.1.0/manifest.sig", new SignatureEnvelope("ota-release",
                Algorithm.RSASSA_PSS_SHA_256, sig, TestKeys.SIGNED_AT).toCanonicalBytes());
        assertRefused(Reason.WRONG_ALGORITHM, "is bound to ECDSA_SHA_256");
    }

    @Test
    void theZeroEcdsaSignatureIsRefused() throws Exception {
        // CVE-2022-21449: (r, s) = (0, 0) verified every message on some Java builds
        publishV2();
        byte[] zero = {0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00};
        repo.write(Repo.APP + "/releases/1.1.0/manifest.sig", new SignatureEnvelope("ota-release",
                Algorithm.ECDSA_SHA_256, zero, TestKeys.SIGNED_AT).toCanonicalBytes());
        assertRefused(Reason.BAD_SIGNATURE, "does not verify");
    }

    // --- rollback and freeze ----------------------------------------------------------------------------------

    @Test
    void anOlderPointerServedAgainIsRefused() throws Exception {
        byte[] old = repo.read(Repo.APP + "/channels/production.json");
        byte[] oldSig = repo.read(Repo.APP + "/channels/production.sig");
        publishV2();
        assertThat(device.update()).isEqualTo("1.1.0");
        repo.write(Repo.APP + "/channels/production.json", old);
        repo.write(Repo.APP + "/channels/production.sig", oldSig);
        assertThatThrownBy(device::update).isInstanceOfSatisfying(VerificationException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.ROLLBACK);
            assertThat(e.getMessage()).contains("expected sequence 2 or higher but found sequence 1");
        });
        assertStillRunning("1.1.0");
    }

    @Test
    void anotherPointerWithTheSameSequenceIsRefused() throws Exception {
        ChannelPointer seq1 = ChannelPointer.parse(repo.read(Repo.APP + "/channels/production.json"), "p");
        ChannelPointer forged = new ChannelPointer(seq1.appId(), seq1.channel(), seq1.sequence(), seq1.issuedAt(),
                seq1.expiresAt(), new ChannelPointer.Current(v2.version(), v2.bundleHash(), v2.minNativeVersion(),
                100, "salt-other-1"), null);
        repo.publish(forged);
        assertRefused(Reason.ROLLBACK, "sequence 1 was already accepted with different content");
    }

    @Test
    void anotherPointerWithTheSameSequenceIsRefusedAfterARestartToo() throws Exception {
        byte[] accepted = repo.read(Repo.APP + "/channels/production.json");
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(accepted);
        ChannelPointer seq1 = ChannelPointer.parse(accepted, "p");
        byte[] forged = new ChannelPointer(seq1.appId(), seq1.channel(), 1, seq1.issuedAt(), seq1.expiresAt(),
                new ChannelPointer.Current(v2.version(), v2.bundleHash(), null, 100, "salt-other-1"), null)
                .toCanonicalBytes();
        var restarted = new io.otarelease.client.channel.ChannelVerifier(trusted, clock, Repo.APP, Repo.CHANNEL, 1,
                digest);
        assertThatThrownBy(() -> restarted.verify(forged, repo.channelKey.sign(forged)))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.ROLLBACK));
        assertThat(restarted.verify(accepted, repo.channelKey.sign(accepted)).sequence()).isEqualTo(1);
    }

    @Test
    void anExpiredPointerIsRefused() throws Exception {
        repo.publish(repo.pointer(v2, 100, v1, Repo.T0.plusSeconds(1800)));
        assertRefused(Reason.EXPIRED, "expired at 2026-03-29T14:30:00Z");
    }

    @Test
    void aPointerFrozenPastItsExpiryIsRefusedLater() throws Exception {
        publishV2();
        clock.advance(WEEK);
        assertRefused(Reason.EXPIRED, "channels/production.json expired at 2026-04-05T14:00:00Z");
    }

    // --- mix and match ----------------------------------------------------------------------------------------

    @Test
    void aManifestWhoseBundleHashDiffersFromThePointersIsRefused() throws Exception {
        publishV2();
        Map<String, String> other = Repo.files("1.1.0");
        other.put("js/app.js", "console.log('another 1.1.0');\n");
        repo.release(Repo.APP, "1.1.0", other);
        assertRefused(Reason.MISMATCH, "gives version 1.1.0 bundleHash " + v2.bundleHash());
    }

    @Test
    void aManifestOfAnotherAppIsRefused() throws Exception {
        publishV2();
        repo.release("com.example.other", "1.1.0", Repo.files("1.1.0"));
        assertRefused(Reason.MISMATCH, "is for app com.example.other but channels/production.json is for app "
                + Repo.APP);
    }

    @Test
    void aManifestOfAnotherVersionIsRefused() throws Exception {
        publishV2();
        byte[] m = repo.read(Repo.APP + "/releases/1.0.0/manifest.json");
        repo.writeManifest("1.1.0", m, repo.releaseKey);
        assertRefused(Reason.MISMATCH, "releases/1.1.0/manifest.json is version 1.0.0");
    }

    // --- endless data -----------------------------------------------------------------------------------------

    @Test
    void anEndlessPointerIsCutAtItsLimit() throws Exception {
        server.override(Repo.APP + "/channels/production.json", StoreServer.endless());
        assertRefused(Reason.TOO_LARGE, "larger than the limit of 65536 bytes");
    }

    @Test
    void anEndlessManifestIsCutAtItsLimit() throws Exception {
        publishV2();
        server.override(Repo.APP + "/releases/1.1.0/manifest.json", StoreServer.endless());
        assertRefused(Reason.TOO_LARGE, "larger than the limit of 16777216 bytes");
    }

    @Test
    void aFileLargerThanListedIsCutAtItsListedSize() throws Exception {
        publishV2();
        ManifestFile js = file(v2, "js/app.js");
        server.override(repo.blobKey(js.sha256()), StoreServer.padded(repo.read(repo.blobKey(js.sha256())), 1 << 20));
        assertRefused(Reason.TOO_LARGE, "js/app.js declares " + (js.size() + (1 << 20)) + " bytes");
    }

    @Test
    void anEndlessFileWithoutLengthIsCutAtItsListedSize() throws Exception {
        publishV2();
        ManifestFile js = file(v2, "js/app.js");
        server.override(repo.blobKey(js.sha256()), StoreServer.endless());
        assertRefused(Reason.TOO_LARGE, "js/app.js is larger than the limit of " + js.size() + " bytes");
    }

    @Test
    void aHugeListedSizeIsRefusedBeforeAnyDownload() throws Exception {
        ManifestFile js = file(v2, "js/app.js");
        List<ManifestFile> files = List.of(new ManifestFile("js/app.js", js.sha256(), 1L << 62));
        Manifest m = new Manifest(Repo.APP, "1.1.0", "1.0.0", Repo.T0.toString(), Manifest.bundleHash(files), files,
                Source.NONE);
        repo.writeManifest("1.1.0", m.toCanonicalBytes(), repo.releaseKey);
        repo.publish(repo.pointer(m, 100, v1, Repo.T0.plus(WEEK)));
        assertRefused(Reason.TOO_LARGE, "js/app.js is listed with 4611686018427387904 bytes");
    }

    @Test
    void aLyingContentLengthIsRefusedBeforeTheBody() throws Exception {
        server.override(Repo.APP + "/channels/production.sig", StoreServer.hugeLength());
        assertRefused(Reason.TOO_LARGE, "declares 9000000000 bytes");
    }

    // --- slow retrieval ---------------------------------------------------------------------------------------

    @Test
    void aServerDribblingBytesIsCutByTheDeadline() throws Exception {
        device.useFetcher(new BoundedFetcher(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(600),
                8 * 1024));
        byte[] pointer = publishV2();
        server.override(Repo.APP + "/channels/production.json", StoreServer.dribble(pointer, 40));
        long start = System.nanoTime();
        assertThatThrownBy(device::update).isInstanceOf(SocketTimeoutException.class).hasMessageContaining("too slow");
        // the message names the 600 ms deadline as the cause; the wall clock only shows the device did not wait out
        // the whole dribble (pointer.length × 40 ms, over 10 s), a bound no busy machine comes near
        assertThat(pointer.length * 40L).isGreaterThan(10_000);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(pointer.length * 40L));
        assertStillRunning("1.0.0");
    }

    @Test
    void aServerThatStallsIsCutByTheReadTimeout() throws Exception {
        device.useFetcher(new BoundedFetcher(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(5),
                8 * 1024));
        publishV2();
        server.override(repo.blobKey(file(v2, "index.html").sha256()), StoreServer.stall(10_000));
        long start = System.nanoTime();
        assertThatThrownBy(device::update).isInstanceOf(SocketTimeoutException.class)
                .hasMessageContaining("no byte for 300 ms");
        // the message names the read timeout as the cause; the wall clock only shows the device did not wait out the
        // 10 s stall, a bound no busy machine comes near
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertStillRunning("1.0.0");
    }

    // --- paths inside a validly signed manifest ---------------------------------------------------------------

    @Test
    void pathAttacksInAValidlySignedManifestAreRefused() throws Exception {
        Map<String, String> attacks = new TreeMap<>(Map.of(
                "../../evil.js", "'..' segment",
                "/etc/evil.js", "absolute path",
                "js/a\u0000.js", "control character",
                "C:/evil.js", "drive-letter path",
                "js\\..\\..\\evil.js", "backslash",
                "js//app.js", "empty path segment"));
        for (var attack : attacks.entrySet()) {
            List<ManifestFile> files = List.of(new ManifestFile(attack.getKey(), "a".repeat(64), 1));
            assertPathRefused(files, attack.getValue());
        }
        ManifestFile f = file(v2, "js/app.js");
        assertPathRefused(List.of(f, f), "is listed twice: js/app.js");
        assertPathRefused(List.of(new ManifestFile("JS/App.js", f.sha256(), f.size()), f),
                "collides with \"JS/App.js\" on case-insensitive file systems");
        // U+017F LATIN SMALL LETTER LONG S is NFC yet folds to "s"; U+212A KELVIN SIGN is caught by NFC first
        assertPathRefused(List.of(new ManifestFile("s.js", f.sha256(), f.size()),
                new ManifestFile("\u017F.js", f.sha256(), f.size())), "collides with \"s.js\"");
        assertPathRefused(List.of(new ManifestFile("k.js", f.sha256(), f.size()),
                new ManifestFile("\u212A.js", f.sha256(), f.size())), "not in Unicode NFC form");
        assertPathRefused(List.of(new ManifestFile("cafe\u0301.js", f.sha256(), f.size())), "not in Unicode NFC");
        assertPathRefused(List.of(new ManifestFile("manifest.sig", f.sha256(), f.size())), "must not list");
        try (Stream<Path> s = Files.walk(tmp)) {
            assertThat(s.filter(p -> p.getFileName().toString().contains("evil"))).isEmpty();
        }
    }

    private void assertPathRefused(List<ManifestFile> files, String why) throws Exception {
        // A manifest whose bundleHash and signature are right: only the path checks stand in the way.
        Manifest m = new Manifest(Repo.APP, "1.1.0", "1.0.0", Repo.T0.toString(), Manifest.bundleHash(files), files,
                Source.NONE);
        repo.writeManifest("1.1.0", m.toCanonicalBytes(), repo.releaseKey);
        repo.publish(repo.pointer(m, 100, v1, Repo.T0.plus(WEEK)));
        assertRefused(Reason.MALFORMED, why);
    }

    private byte[] evilManifest() {
        byte[] evil = "fetch('//evil')".getBytes(StandardCharsets.UTF_8);
        return Manifest.of(Repo.APP, "1.1.0", "1.0.0", Repo.T0.toString(),
                List.of(new ManifestFile("index.html", Repo.sha256(evil), evil.length)), Source.NONE)
                .toCanonicalBytes();
    }

    private static ManifestFile file(Manifest m, String path) {
        return m.files().stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
    }

    static Instant later(long seconds) {
        return Repo.T0.plusSeconds(seconds);
    }
}
