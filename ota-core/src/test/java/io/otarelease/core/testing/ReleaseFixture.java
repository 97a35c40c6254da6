package io.otarelease.core.testing;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.bundle.BundleSigner;
import io.otarelease.core.bundle.ManifestBuilder;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.io.AtomicFiles;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SigningService;
import io.otarelease.core.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Keys, signed bundles and release contexts for engine tests. */
public final class ReleaseFixture {
    public static final String APP = "com.example.shop";
    public final Path dir;
    public final FileSigner releaseSigner;
    public final FileSigner channelSigner;
    public final TrustedKeys trusted;
    // starts at the real time: file stores stamp objects with it, and gc compares the two
    public final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));

    public ReleaseFixture(Path dir) {
        this.dir = dir;
        this.releaseSigner = key("ota-release", Algorithm.ECDSA_SHA_256);
        this.channelSigner = key("ota-channel", Algorithm.ECDSA_SHA_256);
        this.trusted = new TrustedKeys(List.of(releaseSigner.trustedKey(), channelSigner.trustedKey()));
    }

    private FileSigner key(String id, Algorithm algorithm) {
        Path pem = dir.resolve("keys/" + id + ".pem");
        AtomicFiles.write(pem, KeyGen.privateKeyPem(KeyGen.generate(algorithm)).getBytes(StandardCharsets.US_ASCII), true);
        return FileSigner.load(pem, id, algorithm);
    }

    /** A base file set of {@code n} files, with {@code changed} of them varying by {@code version}. */
    public static Map<String, String> files(int n, String version, int changed) {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            m.put("js/f" + i + ".js", "// file " + i + (i < changed ? " of " + version : "") + "\n");
        }
        m.put("index.html", "<html>" + version + "</html>\n");
        return m;
    }

    /** Writes and signs a bundle of {@code files} as {@code version}. */
    public Path bundle(String version, Map<String, String> files) {
        Path b = dir.resolve("bundles/" + version + "-" + System.nanoTime());
        try {
            for (var e : files.entrySet()) {
                Path f = b.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue());
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        BundleSigner.sign(b, new ManifestBuilder().appId(APP).version(version).minNativeVersion("1.0.0")
                .clock(clock), new SigningService(releaseSigner, clock));
        return b;
    }

    public Path bundle(String version) {
        return bundle(version, files(6, version, 2));
    }

    public ReleaseContext context(Store production, Signer signer, Cdn cdn) {
        return new ReleaseContext(APP, "production", production, new StoreRegistry(production, APP), trusted,
                new SigningService(signer, clock), cdn, clock, "tester", ReleaseContext.DEFAULT_VALIDITY);
    }

    public ReleaseContext context(Store production) {
        return context(production, channelSigner, Cdn.NONE);
    }

    /** A clock tests move forward by hand. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;

        public MutableClock(Instant start) {
            this.now = start;
        }

        public void advance(java.time.Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
