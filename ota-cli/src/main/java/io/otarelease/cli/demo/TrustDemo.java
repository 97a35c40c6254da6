package io.otarelease.cli.demo;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.channel.ChannelVerifier;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.client.manifest.Source;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.trust.RoleKeys;
import io.otarelease.client.trust.TrustRoot;
import io.otarelease.client.trust.TrustUpdater;
import io.otarelease.client.verify.SignatureVerifier;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.core.OtaException;
import io.otarelease.core.io.AtomicFiles;
import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.sign.SigningService;
import io.otarelease.core.trust.TrustDirectory.Role;
import io.otarelease.core.trust.TrustDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

/**
 * The demo's key rotation: an app that shipped only root/1.json follows a rotation of the release key and of the
 * channel key, and refuses the old keys afterwards — no new app binary. Root keys are development key files
 * here; in production each lives in its holder's HSM and signs with {@code ota keys sign}.
 */
final class TrustDemo {
    private final PrintWriter out;
    private final Consumer<String> step;
    private final Clock clock = Clock.systemUTC();

    TrustDemo(PrintWriter out, Consumer<String> step) {
        this.out = out;
        this.step = step;
    }

    void run(Path work, String appId) throws IOException {
        step.accept("Trust: three root keys (2 of 3 must sign), a release key and a channel key (ota keys init)");
        FileSigner root1 = key(work, "root-1");
        FileSigner root2 = key(work, "root-2");
        FileSigner root3 = key(work, "root-3");
        FileSigner releaseA = key(work, "release-a");
        FileSigner channelA = key(work, "channel-a");
        TrustDirectory trust = new TrustDirectory(work.resolve("trust"), clock);
        trust.init(appId, keys(root1, root2, root3), 2, keys(releaseA), keys(channelA), Duration.ofDays(365),
                Duration.ofDays(90), svc(root1));
        trust.sign("keys.json", svc(root2));
        out.println("   " + trust.dir() + ": root/1.json (shipped inside the app) and keys.json version 1");
        TrustUpdater device = new TrustUpdater(TrustRoot.parse(Files.readAllBytes(trust.dir().resolve(
                "root/1.json")), "root/1.json"), 0, clock);
        RoleKeys keys = refresh(device, trust);
        byte[] manifest = manifest(appId);
        byte[] pointer = pointer(appId, 1, manifest);
        expectAccepted(keys, manifest, svc(releaseA), pointer, svc(channelA), 0, "release-a and channel-a");

        step.accept("Trust: rotate the release key (with an overlap) and the channel key (ota keys rotate)");
        FileSigner releaseB = key(work, "release-b");
        FileSigner channelB = key(work, "channel-b");
        trust.rotate(Role.RELEASE, keys(releaseB), true, Duration.ofDays(90), svc(root3));
        trust.sign("keys.json", svc(root1));
        trust.rotate(Role.CHANNEL, keys(channelB), false, Duration.ofDays(90), svc(root3));
        trust.sign("keys.json", svc(root2));
        byte[] before = Files.readAllBytes(trust.dir().resolve("keys.json"));
        byte[] beforeSig = Files.readAllBytes(trust.dir().resolve("keys.sig"));

        step.accept("Trust: revoke the old release key (ota keys revoke), then the device refreshes");
        trust.revoke("release-a", Duration.ofDays(90), svc(root2));
        trust.sign("keys.json", svc(root3));
        keys = refresh(device, trust);
        byte[] pointer2 = pointer(appId, 2, manifest);
        expectAccepted(keys, manifest, svc(releaseB), pointer2, svc(channelB), 1, "release-b and channel-b");
        RoleKeys now = keys;
        expectRefused(() -> new SignatureVerifier(now.release())
                .verify(manifest, svc(releaseA).sign(manifest, "manifest.json"), "manifest.json"),
                "a manifest signed by the revoked release-a");
        expectRefused(() -> new ChannelVerifier(now.channel(), clock, appId, "production", 2)
                .verify(pointer(appId, 3, manifest), svc(channelA).sign(pointer(appId, 3, manifest), "p")
                        .toCanonicalBytes()), "a pointer signed by the rotated-out channel-a");
        expectRefused(() -> device.acceptDelegation(before, beforeSig),
                "the previous keys.json served again (it still trusted release-a)");
        out.println("   the app binary never changed: it still ships root/1.json only");
    }

    private RoleKeys refresh(TrustUpdater device, TrustDirectory trust) {
        try {
            RoleKeys keys = refreshQuiet(device, trust);
            out.printf("   device: root v%d, keys.json v%d -> release %s, channel %s%n", device.root().version(),
                    device.highestDelegationVersion(), ids(keys.release()), ids(keys.channel()));
            return keys;
        } catch (VerificationException | IOException e) {
            throw new OtaException.CheckFailed("the device refused the trust documents: " + e.getMessage(), e);
        }
    }

    private static RoleKeys refreshQuiet(TrustUpdater device, TrustDirectory trust)
            throws VerificationException, IOException {
        return device.refresh((name, max) -> {
            Path p = trust.dir().resolve(name);
            return Files.exists(p) ? Files.readAllBytes(p) : null;
        });
    }

    private void expectAccepted(RoleKeys keys, byte[] manifest, SigningService release, byte[] pointer,
                                SigningService channel, long highest, String what) {
        try {
            new SignatureVerifier(keys.release()).verify(manifest, release.sign(manifest, "manifest.json"),
                    "manifest.json");
            new ChannelVerifier(keys.channel(), clock, Manifest.parse(manifest).appId(), "production", highest)
                    .verify(pointer, channel.sign(pointer, "production.json").toCanonicalBytes());
            out.println("   accepted: a manifest and a pointer signed by " + what);
        } catch (VerificationException e) {
            throw new OtaException.CheckFailed("refused what " + what + " signed: " + e.getMessage(), e);
        }
    }

    private void expectRefused(Check check, String what) {
        try {
            check.run();
        } catch (VerificationException e) {
            out.println("   refused: " + what + " (" + e.getMessage() + ")");
            return;
        }
        throw new OtaException.CheckFailed("accepted " + what + "; this must never happen");
    }

    @FunctionalInterface
    private interface Check {
        void run() throws VerificationException;
    }

    private byte[] manifest(String appId) {
        byte[] index = "<html>rotated</html>\n".getBytes(StandardCharsets.UTF_8);
        String hash = java.util.HexFormat.of().formatHex(sha256(index));
        return Manifest.of(appId, "1.0.0", "1.0.0", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString(),
                List.of(new ManifestFile("index.html", hash, index.length)), Source.NONE).toCanonicalBytes();
    }

    private byte[] pointer(String appId, long sequence, byte[] manifestBytes) {
        Manifest m = Manifest.parse(manifestBytes);
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        return new ChannelPointer(appId, "production", sequence, now, now.plus(Duration.ofDays(7)),
                new ChannelPointer.Current(m.version(), m.bundleHash(), m.minNativeVersion(), 100, "demo-salt-1"),
                null).toCanonicalBytes();
    }

    private FileSigner key(Path work, String id) {
        Path pem = work.resolve("trust-keys/" + id + ".pem");
        AtomicFiles.write(pem, KeyGen.privateKeyPem(KeyGen.generate(Algorithm.ECDSA_SHA_256))
                .getBytes(StandardCharsets.US_ASCII), true);
        return FileSigner.load(pem, id, Algorithm.ECDSA_SHA_256);
    }

    private static TrustedKeys keys(FileSigner... signers) {
        return new TrustedKeys(java.util.Arrays.stream(signers).map(FileSigner::trustedKey).toList());
    }

    private static List<String> ids(TrustedKeys keys) {
        return keys.keys().stream().map(TrustedKey::keyId).toList();
    }

    private SigningService svc(FileSigner s) {
        return new SigningService(s, clock);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
