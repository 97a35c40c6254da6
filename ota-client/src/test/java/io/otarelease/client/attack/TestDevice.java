package io.otarelease.client.attack;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.channel.ChannelVerifier;
import io.otarelease.client.channel.Rollout;
import io.otarelease.client.fetch.BoundedFetcher;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.BundleVerifier;
import io.otarelease.client.verify.Limits;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerifiedBundle;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The smallest device that uses every client check in the order a real one must, to run the attacks end to end:
 * pointer (signature, app, sequence, expiry), choice, manifest (signature, consistency), pointer ↔ manifest
 * binding, then each file bounded by its listed size and hash, then the whole directory again before switching.
 * A refused update leaves {@link #running()} and its directory untouched. The device package can replace this.
 */
final class TestDevice {
    private final URI base;
    private final Path home;
    private BoundedFetcher fetcher;
    private final Clock clock;
    private ChannelVerifier pointers;
    private BundleVerifier bundles;
    private final String installId;
    private String running;

    TestDevice(URI base, Path home, TrustedKeys trusted, Clock clock, BoundedFetcher fetcher, String installId) {
        this(base, home, trusted, trusted, clock, fetcher, installId);
    }

    TestDevice(URI base, Path home, TrustedKeys releaseKeys, TrustedKeys channelKeys, Clock clock,
               BoundedFetcher fetcher, String installId) {
        this.base = base;
        this.home = home;
        this.fetcher = fetcher;
        this.clock = clock;
        this.pointers = new ChannelVerifier(channelKeys, clock, Repo.APP, Repo.CHANNEL, 0);
        this.bundles = new BundleVerifier(releaseKeys);
        this.installId = installId;
    }

    /** Changes how the next updates download (tighter timeouts for the slow-retrieval scenarios). */
    void useFetcher(BoundedFetcher f) {
        this.fetcher = f;
    }

    /** Trusts other keys from now on (after a key rotation), keeping the highest pointer sequence seen. */
    void useKeys(TrustedKeys releaseKeys, TrustedKeys channelKeys) {
        this.pointers = new ChannelVerifier(channelKeys, clock, Repo.APP, Repo.CHANNEL, pointers.highestSequence());
        this.bundles = new BundleVerifier(releaseKeys);
    }

    String running() {
        return running;
    }

    Path runningDir() {
        return running == null ? null : home.resolve("bundles/" + running);
    }

    long highestSequence() {
        return pointers.highestSequence();
    }

    /** Fetches and applies the release the channel names for this install; returns the version now running. */
    String update() throws VerificationException, IOException {
        String app = Repo.APP + "/";
        byte[] pointerBytes = get(app + "channels/" + Repo.CHANNEL + ".json", Limits.MAX_POINTER_BYTES);
        byte[] pointerSig = get(app + "channels/" + Repo.CHANNEL + ".sig", Limits.MAX_SIGNATURE_BYTES);
        ChannelPointer pointer = pointers.verify(pointerBytes, pointerSig);
        String version = Rollout.choose(pointer, installId, "9.9.9");
        if (version == null || version.equals(running)) {
            return running;
        }
        byte[] manifest = get(app + "releases/" + version + "/manifest.json", Limits.MAX_MANIFEST_BYTES);
        byte[] sig = get(app + "releases/" + version + "/manifest.sig", Limits.MAX_SIGNATURE_BYTES);
        VerifiedBundle verified = bundles.verifyManifest(manifest, sig);
        if (!verified.manifest().version().equals(version)) {
            throw new VerificationException(VerificationException.Reason.MISMATCH, "releases/" + version
                    + "/manifest.json is version " + verified.manifest().version());
        }
        ChannelVerifier.checkRelease(pointer, verified.manifest());
        Path staging = home.resolve("staging/" + version);
        delete(staging);
        try {
            for (ManifestFile f : verified.manifest().files()) {
                Path target = staging.resolve(f.path());
                Files.createDirectories(target.getParent());
                fetcher.fetchTo(base.resolve(app + "blobs/sha256/" + f.sha256().substring(0, 2) + "/" + f.sha256()),
                        target, f.size(), f.sha256(), f.path());
            }
            Files.write(staging.resolve("manifest.json"), manifest);
            Files.write(staging.resolve("manifest.sig"), sig);
            bundles.verify(staging);
            Path dest = home.resolve("bundles/" + version);
            delete(dest);
            Files.createDirectories(dest.getParent());
            Files.move(staging, dest);
            running = version;
            return running;
        } finally {
            delete(staging);
        }
    }

    private byte[] get(String key, int max) throws VerificationException, IOException {
        byte[] b = fetcher.fetch(base.resolve(key), max, key);
        if (b == null) {
            throw new VerificationException(VerificationException.Reason.FILE_MISSING, key + " is missing");
        }
        return b;
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
