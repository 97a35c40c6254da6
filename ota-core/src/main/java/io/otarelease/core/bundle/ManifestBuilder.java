package io.otarelease.core.bundle;

import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.client.manifest.Source;
import io.otarelease.core.OtaException;
import io.otarelease.core.io.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Hashes a bundle directory into a {@link Manifest}. Files are hashed in parallel as the scan finds them, each
 * streamed through a fixed buffer, so memory stays bounded by threads × buffer whatever the file sizes.
 */
public final class ManifestBuilder {
    private static final int BUFFER = 256 * 1024;

    private String appId;
    private String version;
    private String minNativeVersion;
    private Source source = Source.NONE;
    private String platform;
    private Clock clock = Clock.systemUTC();
    private int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private LongConsumer progress = bytes -> { };

    public ManifestBuilder appId(String appId) {
        this.appId = appId;
        return this;
    }

    public ManifestBuilder version(String version) {
        this.version = version;
        return this;
    }

    public ManifestBuilder minNativeVersion(String minNativeVersion) {
        this.minNativeVersion = minNativeVersion;
        return this;
    }

    /** {@code android} or {@code ios} for a bundle made for one platform; null (the default) for every platform. */
    public ManifestBuilder platform(String platform) {
        if (platform != null && !Manifest.PLATFORMS.contains(platform)) {
            throw new OtaException.BadInput("--platform must be one of " + String.join(", ", Manifest.PLATFORMS)
                    + " but is \"" + platform + "\"");
        }
        this.platform = platform;
        return this;
    }

    public ManifestBuilder source(Source source) {
        this.source = source == null ? Source.NONE : source;
        return this;
    }

    public ManifestBuilder clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    public ManifestBuilder threads(int threads) {
        this.threads = Math.max(1, threads);
        return this;
    }

    /** Called with the running total of bytes hashed, from the hashing threads. */
    public ManifestBuilder progress(LongConsumer progress) {
        this.progress = progress;
        return this;
    }

    /** Result of a build: the manifest, and the source maps and Cordova platform files left out of it. */
    public record Result(Manifest manifest, List<String> skippedSourceMaps, List<String> skippedPlatformFiles) {
    }

    public Result build(Path dir) {
        if (appId == null || version == null) {
            throw new OtaException.BadInput("a manifest needs an app id and a bundle version");
        }
        BundleScanner.Scan scan;
        List<ManifestFile> files;
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ota-hash");
            t.setDaemon(true);
            return t;
        });
        try {
            // files are hashed as the scan finds them, so the other threads work while the tree is still being read
            Map<String, Future<ManifestFile>> futures = new HashMap<>();
            ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[BUFFER]);
            scan = BundleScanner.scan(dir, e -> futures.put(e.path(), pool.submit(() -> hash(e, buffers.get(), done))));
            files = new ArrayList<>(scan.entries().size());
            for (BundleScanner.Entry e : scan.entries()) {
                files.add(futures.get(e.path()).get());
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OtaException oe) {
                throw oe;
            }
            throw new OtaException.BadInput("cannot hash bundle: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OtaException.Infrastructure("interrupted while hashing the bundle", e);
        } finally {
            pool.shutdownNow();
        }
        String createdAt = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        try {
            return new Result(Manifest.of(appId, version, minNativeVersion, createdAt, files, source, platform),
                    scan.skippedSourceMaps(), scan.skippedPlatformFiles());
        } catch (IllegalArgumentException e) {
            throw new OtaException.BadInput(e.getMessage());
        }
    }

    private ManifestFile hash(BundleScanner.Entry e, byte[] buf, AtomicLong done) throws IOException {
        MessageDigest md = sha256();
        long size = 0;
        try (InputStream in = Files.newInputStream(e.file(), LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
                size += n;
                progress.accept(done.addAndGet(n));
            }
        } catch (IOException ex) {
            throw new OtaException.BadInput(e.path() + ": cannot be read (" + IoErrors.reason(ex) + ")", ex);
        }
        if (size != e.size()) {
            throw new OtaException.BadInput(e.path() + ": changed while it was being hashed");
        }
        return new ManifestFile(e.path(), HexFormat.of().formatHex(md.digest()), size);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
