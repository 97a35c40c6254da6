package io.otarelease.core.bundle;

import io.otarelease.client.json.JsonException;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.core.OtaException;
import io.otarelease.core.io.AtomicFiles;
import io.otarelease.core.io.IoErrors;
import io.otarelease.core.sign.SigningService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code manifest.json} (when asked, or when missing) and {@code manifest.sig} into a bundle directory.
 * An existing manifest is signed only after it is checked against the files on disk: signing a stale manifest
 * would publish a bundle no device can verify.
 */
public final class BundleSigner {
    public static final String SIGNATURE_FILE = "manifest.sig";

    /** What was signed. */
    public record Result(Manifest manifest, SignatureEnvelope envelope, boolean manifestWritten,
                         List<String> skippedSourceMaps, List<String> skippedPlatformFiles) {
    }

    private BundleSigner() {
    }

    /**
     * @param builder the manifest to build, or null to sign the manifest already in {@code dir}
     */
    public static Result sign(Path dir, ManifestBuilder builder, SigningService signing) {
        Path manifestFile = dir.resolve(Manifest.FILE_NAME);
        byte[] manifestBytes;
        Manifest manifest;
        List<String> skipped;
        List<String> platformFiles;
        boolean written;
        if (builder != null) {
            ManifestBuilder.Result built = builder.build(dir);
            manifest = built.manifest();
            skipped = built.skippedSourceMaps();
            platformFiles = built.skippedPlatformFiles();
            manifestBytes = manifest.toCanonicalBytes();
            written = true;
        } else {
            if (!Files.isRegularFile(manifestFile)) {
                throw new OtaException.BadInput(manifestFile + " does not exist: give --app-id and --bundle-version "
                        + "to write it");
            }
            manifestBytes = read(manifestFile);
            try {
                manifest = Manifest.parse(manifestBytes);
            } catch (JsonException e) {
                throw new OtaException.BadInput(dir + "/" + e.getMessage(), e);
            }
            ManifestBuilder.Result fresh = new ManifestBuilder().appId(manifest.appId()).version(manifest.version())
                    .build(dir);
            String diff = firstDifference(manifest.files(), fresh.manifest().files());
            if (diff != null) {
                throw new OtaException.BadInput(manifestFile + " no longer matches the bundle (" + diff
                        + "); give the manifest options to rewrite it");
            }
            skipped = fresh.skippedSourceMaps();
            platformFiles = fresh.skippedPlatformFiles();
            written = false;
        }
        SignatureEnvelope envelope = signing.sign(manifestBytes, Manifest.FILE_NAME);
        if (written) {
            AtomicFiles.write(manifestFile, manifestBytes);
        }
        AtomicFiles.write(dir.resolve(SIGNATURE_FILE), envelope.toCanonicalBytes());
        return new Result(manifest, envelope, written, skipped, platformFiles);
    }

    static String firstDifference(List<ManifestFile> listed, List<ManifestFile> actual) {
        Map<String, ManifestFile> byPath = new HashMap<>();
        actual.forEach(f -> byPath.put(f.path(), f));
        for (ManifestFile f : listed) {
            ManifestFile now = byPath.remove(f.path());
            if (now == null) {
                return f.path() + " was removed";
            }
            if (!now.equals(f)) {
                return f.path() + " changed";
            }
        }
        return byPath.isEmpty() ? null : byPath.keySet().iterator().next() + " was added";
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OtaException.Infrastructure("cannot read " + file + ": " + IoErrors.reason(e), e);
        }
    }
}
