package io.otarelease.client.manifest;

import io.otarelease.client.layout.Names;
import io.otarelease.client.bytes.Bytes;
import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.json.JsonFields;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A bundle manifest ({@code ota-manifest/1}): every file of the bundle with its hash and size.
 *
 * <p>{@link #parse} accepts only a manifest a builder could have written: valid and sorted paths, no duplicates
 * or case collisions, and a {@code bundleHash} that matches the listed files. The bytes that were signed are what
 * a device verifies; this class never re-serializes a manifest it read in order to check a signature.
 *
 * <p>{@code platform} is optional: absent (null), the bundle fits every platform, as every manifest before it did;
 * {@code android} or {@code ios}, only an app on that platform may apply it ({@link #platformProblem}).
 */
public record Manifest(String appId, String version, String minNativeVersion, String createdAt,
                       String bundleHash, List<ManifestFile> files, Source source, String platform) {
    public static final String SCHEMA = "ota-manifest/1";
    public static final String FILE_NAME = "manifest.json";

    /** The values of {@code platform}; a device declares one of them too. */
    public static final List<String> PLATFORMS = Collections.unmodifiableList(java.util.Arrays.asList("android",
            "ios"));

    public Manifest {
        files = Collections.unmodifiableList(new ArrayList<>(files));
    }

    /** A manifest for every platform. */
    public Manifest(String appId, String version, String minNativeVersion, String createdAt, String bundleHash,
                    List<ManifestFile> files, Source source) {
        this(appId, version, minNativeVersion, createdAt, bundleHash, files, source, null);
    }

    /** Builds a manifest from files in any order; sorts them and computes the bundle hash. */
    public static Manifest of(String appId, String version, String minNativeVersion, String createdAt,
                              List<ManifestFile> files, Source source) {
        return of(appId, version, minNativeVersion, createdAt, files, source, null);
    }

    /** The same, for one platform ({@code android}, {@code ios}) or, with null, for every platform. */
    public static Manifest of(String appId, String version, String minNativeVersion, String createdAt,
                              List<ManifestFile> files, Source source, String platform) {
        if (platform != null && !PLATFORMS.contains(platform)) {
            throw new IllegalArgumentException("platform \"" + platform + "\" is not one of " + PLATFORMS);
        }
        List<ManifestFile> sorted = new ArrayList<>(files);
        sorted.sort((a, b) -> BundlePaths.UTF8_ORDER.compare(a.path(), b.path()));
        checkIdentity("appId", appId, Names.APP_ID);
        checkIdentity("version", version, Names.VERSION);
        if (minNativeVersion != null) {
            checkIdentity("minNativeVersion", minNativeVersion, Names.VERSION);
        }
        return new Manifest(appId, version, minNativeVersion, createdAt, bundleHash(sorted), sorted, source,
                platform);
    }

    /**
     * Why a device on {@code devicePlatform} (null: it declares none) must not apply this manifest, or null when
     * it may: a manifest without a platform fits every device; one with a platform fits only a device on it.
     */
    public String platformProblem(String devicePlatform) {
        if (platform == null || platform.equals(devicePlatform)) {
            return null;
        }
        return "is a bundle for " + platform + (devicePlatform == null
                ? ", but this app declares no platform" : ", but this app runs on " + devicePlatform);
    }

    /**
     * {@code sha256:} + SHA-256 over lines {@code <hex>  <path>\n} in order: what
     * {@code sha256sum} prints for the same files, so coreutils can reproduce it.
     */
    public static String bundleHash(List<ManifestFile> sortedFiles) {
        MessageDigest md = sha256();
        for (ManifestFile f : sortedFiles) {
            md.update((f.sha256() + "  " + f.path() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return "sha256:" + Bytes.hex(md.digest());
    }

    public long totalBytes() {
        return files.stream().mapToLong(ManifestFile::size).sum();
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("appId", appId);
        m.put("version", version);
        if (minNativeVersion != null) {
            m.put("minNativeVersion", minNativeVersion);
        }
        m.put("createdAt", createdAt);
        m.put("bundleHash", bundleHash);
        List<Object> list = new ArrayList<>();
        files.forEach(f -> list.add(f.toJson()));
        m.put("files", list);
        if (source != null && !source.isEmpty()) {
            m.put("source", source.toJson());
        }
        if (platform != null) {
            m.put("platform", platform);
        }
        return m;
    }

    /** The canonical (RFC 8785) bytes: the same manifest always gives the same bytes. */
    public byte[] toCanonicalBytes() {
        return CanonicalJson.bytes(toJson());
    }

    /** Parses and validates manifest bytes; throws {@link JsonException} naming the field at fault. */
    public static Manifest parse(byte[] bytes) {
        JsonFields doc = JsonFields.parse(bytes, FILE_NAME);
        doc.expect("schema", SCHEMA);
        String appId = doc.string("appId");
        if (!Names.APP_ID.matcher(appId).matches()) {
            throw doc.fail("appId", "is not a valid app id");
        }
        String version = doc.string("version");
        if (!Names.VERSION.matcher(version).matches()) {
            throw doc.fail("version", "is not a version like 3.4.1");
        }
        String minNative = doc.optString("minNativeVersion");
        if (minNative != null && !Names.VERSION.matcher(minNative).matches()) {
            throw doc.fail("minNativeVersion", "is not a version like 3.0.0");
        }
        String platform = doc.optString("platform");
        if (platform != null && !PLATFORMS.contains(platform)) {
            throw doc.fail("platform", "must be one of " + String.join(", ", PLATFORMS)
                    + " (or absent: every platform)");
        }
        String createdAt = doc.string("createdAt");
        String bundleHash = doc.string("bundleHash");
        List<ManifestFile> files = new ArrayList<>();
        Map<String, String> folded = new HashMap<>();
        String previous = null;
        List<JsonFields> entries = doc.objects("files");
        for (int i = 0; i < entries.size(); i++) {
            JsonFields f = entries.get(i);
            String path = f.string("path");
            String problem = BundlePaths.problem(path);
            if (problem != null) {
                throw f.fail("path", "is refused: " + problem);
            }
            if (BundlePaths.isReserved(path)) {
                throw f.fail("path", "must not list " + path);
            }
            if (previous != null && BundlePaths.UTF8_ORDER.compare(previous, path) >= 0) {
                throw f.fail("path", previous.equals(path) ? "is listed twice: " + path : "is not in sorted order");
            }
            String other = folded.put(BundlePaths.caseFoldKey(path), path);
            if (other != null) {
                throw f.fail("path", "collides with \"" + other + "\" on case-insensitive file systems");
            }
            previous = path;
            files.add(new ManifestFile(path, f.hex64("sha256"), f.integer("size", 0, Long.MAX_VALUE)));
        }
        String computed = bundleHash(files);
        if (!computed.equals(bundleHash)) {
            throw doc.fail("bundleHash", "does not match the listed files (expected " + computed + ")");
        }
        JsonFields src = doc.optObject("source");
        Source source = src == null ? Source.NONE
                : new Source(src.optString("commit"), src.optString("ref"), src.optString("build"));
        return new Manifest(appId, version, minNative, createdAt, bundleHash, files, source, platform);
    }

    private static void checkIdentity(String field, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " \"" + value + "\" is not valid");
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
