package io.otarelease.client.attack;

import io.otarelease.client.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.device.DeviceConfig;
import io.otarelease.client.device.DownloadLimits;
import io.otarelease.client.device.Transport.Refusal;
import io.otarelease.client.device.UpdateResult;
import io.otarelease.client.device.UpdateResult.Outcome;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.client.manifest.Source;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.BundleVerifier;
import io.otarelease.client.verify.VerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The update attacks of The Update Framework's threat model, each served by a real HTTP server to the code a phone
 * runs ({@link Phone}: {@code UpdateClient}, {@code HttpTransport}, {@code FileDeviceStorage}). In each scenario the device already runs 1.0.0 (pointer sequence 1); the attacker
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
    Phone device;
    Manifest v1;
    Manifest v2;

    @BeforeEach
    void runningOneDotZero() throws Exception {
        repo = new Repo(tmp.resolve("store"));
        server = new StoreServer(repo.root);
        trusted = new TrustedKeys(List.of(repo.releaseKey.trusted(), repo.channelKey.trusted()));
        device = new Phone(server.base(), tmp.resolve("device"), config(), null);
        v1 = repo.release("1.0.0");
        repo.publish(repo.pointer(v1, 100, null, Repo.T0.plus(WEEK)));
        assertThat(device.checkAndRun()).isEqualTo("1.0.0");
        v2 = repo.release("1.1.0");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    DeviceConfig config() {
        return new DeviceConfig(Repo.APP, Repo.CHANNEL, "install-1", "9.9.9", trusted, clock, Duration.ofSeconds(10))
                .withDownloads(DownloadLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));
    }

    byte[] publishV2() {
        return repo.publish(repo.pointer(v2, 100, v1, Repo.T0.plus(WEEK)));
    }

    void assertRefused(Reason reason, String messagePart) throws Exception {
        assertRefused(reason, messagePart, "1.0.0");
    }

    void assertRefused(Reason reason, String messagePart, String running) throws Exception {
        UpdateResult r = device.check();
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.REFUSED);
        assertThat(r.detail()).contains(messagePart);
        assertThat(device.refused).last().satisfies(e -> assertThat(e.reason()).isEqualTo(reason));
        assertStillRunning(running);
    }

    /** A download that broke a limit: its own outcome and reason, reported as an event; nothing changed. */
    void assertDownloadRefused(Refusal refusal, String messagePart) throws Exception {
        UpdateResult r = device.check();
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.DOWNLOAD_REFUSED);
        assertThat(r.refusal()).isEqualTo(refusal);
        assertThat(r.detail()).contains(messagePart);
        assertThat(device.downloadRefusals).last().asString().startsWith(refusal + " ");
        assertStillRunning("1.0.0");
    }

    void assertStillRunning(String version) throws Exception {
        assertThat(device.running()).isEqualTo(version);
        assertThat(device.storage.load().pending()).isNull();
        assertThat(new BundleVerifier(trusted).verify(device.runningDir()).manifest().version()).isEqualTo(version);
        try (Stream<Path> s = Files.walk(tmp.resolve("device"))) {
            assertThat(s.filter(p -> p.getFileName().toString().endsWith(".part"))).isEmpty(); // no partial blob
        }
    }

    @Test
    void theHonestUpdateIsTaken() throws Exception {
        publishV2();
        assertThat(device.checkAndRun()).isEqualTo("1.1.0");
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
        assertThat(device.checkAndRun()).isEqualTo("1.1.0");
        repo.write(Repo.APP + "/channels/production.json", old);
        repo.write(Repo.APP + "/channels/production.sig", oldSig);
        assertRefused(Reason.ROLLBACK, "expected sequence 2 or higher but found sequence 1", "1.1.0");
        device.restart();
        assertRefused(Reason.ROLLBACK, "expected sequence 2 or higher but found sequence 1", "1.1.0");
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
        // finding 3: the digest of the accepted pointer lived only in memory; a new process took the forgery
        ChannelPointer seq1 = ChannelPointer.parse(repo.read(Repo.APP + "/channels/production.json"), "p");
        repo.publish(new ChannelPointer(seq1.appId(), seq1.channel(), 1, seq1.issuedAt(), seq1.expiresAt(),
                new ChannelPointer.Current(v2.version(), v2.bundleHash(), null, 100, "salt-other-1"), null));
        device.restart();
        assertRefused(Reason.ROLLBACK, "sequence 1 was already accepted with different content");
        device.restart();
        assertRefused(Reason.ROLLBACK, "sequence 1 was already accepted with different content");
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
        assertRefused(Reason.MISMATCH, "where the channel pointer names " + Repo.APP + " 1.1.0 " + v2.bundleHash());
    }

    @Test
    void aManifestOfAnotherAppIsRefused() throws Exception {
        publishV2();
        repo.release("com.example.other", "1.1.0", Repo.files("1.1.0"));
        assertRefused(Reason.MISMATCH, "releases/1.1.0/manifest.json is com.example.other 1.1.0");
    }

    @Test
    void aManifestOfAnotherVersionIsRefused() throws Exception {
        publishV2();
        byte[] m = repo.read(Repo.APP + "/releases/1.0.0/manifest.json");
        repo.writeManifest("1.1.0", m, repo.releaseKey);
        assertRefused(Reason.MISMATCH, "releases/1.1.0/manifest.json is " + Repo.APP + " 1.0.0");
    }

    // --- endless data (the limits of DeviceConfig.downloads(), enforced by HttpTransport and UpdateClient) -----

    @Test
    void anEndlessPointerIsCutAtItsLimit() throws Exception {
        server.override(Repo.APP + "/channels/production.json", StoreServer.endless());
        assertDownloadRefused(Refusal.TOO_MUCH_DATA, "sent more than 65536 bytes");
    }

    @Test
    void anEndlessManifestIsCutAtItsLimit() throws Exception {
        publishV2();
        server.override(Repo.APP + "/releases/1.1.0/manifest.json", StoreServer.endless());
        assertDownloadRefused(Refusal.TOO_MUCH_DATA, "sent more than 16777216 bytes");
    }

    @Test
    void aFileLargerThanListedIsRefusedOnItsContentLength() throws Exception {
        publishV2();
        ManifestFile js = file(v2, "js/app.js");
        server.override(repo.blobKey(js.sha256()), StoreServer.padded(repo.read(repo.blobKey(js.sha256())), 1 << 20));
        assertDownloadRefused(Refusal.TOO_LARGE, "declares " + (js.size() + (1 << 20)) + " bytes, more than the "
                + js.size() + " bytes expected");
    }

    @Test
    void anEndlessFileWithoutLengthIsCutAtItsListedSize() throws Exception {
        // finding 2: the old transport kept reading, and a blob was a byte array in memory
        publishV2();
        ManifestFile js = file(v2, "js/app.js");
        server.override(repo.blobKey(js.sha256()), StoreServer.endless());
        assertDownloadRefused(Refusal.TOO_MUCH_DATA, "sent more than " + js.size() + " bytes");
        assertThat(device.storage.hasBlob(js.sha256())).isFalse();
    }

    @Test
    void aContentLengthShorterThanTheListedSizeIsRefusedAsTruncated() throws Exception {
        publishV2();
        ManifestFile js = file(v2, "js/app.js");
        server.override(repo.blobKey(js.sha256()), StoreServer.shortLength(repo.read(repo.blobKey(js.sha256())), 5));
        assertDownloadRefused(Refusal.TRUNCATED, "ended after 5 of the " + js.size() + " bytes expected");
        assertThat(device.storage.hasBlob(js.sha256())).isFalse();
    }

    @Test
    void aConnectionDroppedMidBlobFailsWithoutBlamingTheSignatureAndTheRetryInstalls() throws Exception {
        publishV2();
        ManifestFile js = file(v2, "js/app.js");
        server.override(repo.blobKey(js.sha256()), StoreServer.reset(repo.read(repo.blobKey(js.sha256())), 5));
        UpdateResult r = device.check();
        // the body ended early: TRUNCATED, never REFUSED as a changed file (the old client blamed the signed content)
        assertThat(r.outcome()).as(r.detail()).isEqualTo(Outcome.DOWNLOAD_REFUSED);
        assertThat(r.refusal()).isEqualTo(Refusal.TRUNCATED);
        assertThat(device.refused).isEmpty();
        assertThat(device.storage.hasBlob(js.sha256())).isFalse();
        assertStillRunning("1.0.0");
        server.override(repo.blobKey(js.sha256()), ex -> {
            byte[] b = repo.read(repo.blobKey(js.sha256()));
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
        });
        assertThat(device.checkAndRun()).isEqualTo("1.1.0");
    }

    @Test
    void aTerabyteFileInAValidlySignedManifestIsRefusedBeforeAnyBlobIsRequested() throws Exception {
        // finding 2: the old client asked for the blob and would have buffered 2^40 bytes
        assertHugeListedSizeRefused(1L << 40);
    }

    @Test
    void aHugeListedSizeIsRefusedBeforeAnyDownload() throws Exception {
        assertHugeListedSizeRefused(1L << 62);
    }

    private void assertHugeListedSizeRefused(long size) throws Exception {
        ManifestFile js = file(v2, "js/app.js");
        List<ManifestFile> files = List.of(new ManifestFile("js/app.js", js.sha256(), size));
        Manifest m = new Manifest(Repo.APP, "1.1.0", "1.0.0", Repo.T0.toString(), Manifest.bundleHash(files), files,
                Source.NONE);
        repo.writeManifest("1.1.0", m.toCanonicalBytes(), repo.releaseKey);
        repo.publish(repo.pointer(m, 100, v1, Repo.T0.plus(WEEK)));
        server.requested.clear();
        assertDownloadRefused(Refusal.TOO_LARGE, "lists js/app.js with " + size + " bytes, more than the limit of "
                + DownloadLimits.DEFAULTS.maxFileBytes());
        assertThat(server.requested).noneMatch(p -> p.contains("/blobs/"));
    }

    @Test
    void aReleaseLargerThanTheReleaseLimitIsRefusedBeforeAnyBlobIsRequested() throws Exception {
        device.reconfigure(config().withDownloads(config().downloads().withSizes(1024, 40)));
        publishV2(); // three files of 19 to 30 bytes: each fits, together they do not
        server.requested.clear();
        assertDownloadRefused(Refusal.TOO_LARGE, "needs more than 40 bytes of files downloaded (maxReleaseBytes)");
        assertThat(server.requested).noneMatch(p -> p.contains("/blobs/"));
    }

    @Test
    void aLyingContentLengthIsRefusedBeforeTheBody() throws Exception {
        server.override(Repo.APP + "/channels/production.sig", StoreServer.hugeLength());
        assertDownloadRefused(Refusal.TOO_LARGE, "declares 9000000000 bytes");
    }

    // --- slow retrieval -------------------------------------------------------------------------------------

    @Test
    void aPointerDribbledByteByByteIsCutAtTheDownloadCeiling() throws Exception {
        // finding 1: one byte every 500 ms beat the read timeout, and nothing else limited a download
        device.reconfigure(config().withDownloads(config().downloads().withRate(Duration.ofMinutes(10), 1,
                Duration.ofSeconds(2))));
        byte[] pointer = publishV2();
        assertThat(pointer.length).isGreaterThan(120); // the dribble alone would take over 60 s
        server.override(Repo.APP + "/channels/production.json", StoreServer.dribble(pointer, 500));
        assertDownloadRefused(Refusal.DEADLINE, "took longer than the ceiling of 2000 ms for one download");
    }

    @Test
    void aBlobBelowTheMinimumRateIsRefusedOnTheTransportsOwnClock() throws Exception {
        // each reading of the (fake) ticker is one second later: the rate rule, not the machine's speed, decides
        long[] now = {0};
        device.ticker = () -> now[0] += 1_000_000_000L;
        device.reconfigure(config().withDownloads(config().downloads().withRate(Duration.ofSeconds(5), 1024,
                Duration.ofMinutes(15))));
        publishV2();
        ManifestFile js = file(v2, "js/app.js");
        server.override(repo.blobKey(js.sha256()), StoreServer.dribble(repo.read(repo.blobKey(js.sha256())), 5));
        assertDownloadRefused(Refusal.TOO_SLOW, "below 1024 bytes/s after a grace of 5000 ms");
        assertThat(device.downloadRefusals).last().asString().endsWith(repo.blobKey(js.sha256())
                .substring(Repo.APP.length() + 1));
    }

    @Test
    void aServerThatStallsIsCutByTheReadTimeout() throws Exception {
        device.reconfigure(config().withDownloads(config().downloads().withTimeouts(Duration.ofSeconds(1),
                Duration.ofMillis(300))));
        publishV2();
        server.override(repo.blobKey(file(v2, "index.html").sha256()), StoreServer.stall(10_000));
        assertDownloadRefused(Refusal.TOO_SLOW, "sent no byte for 300 ms");
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
