package io.otarelease.client.manifest;

import io.otarelease.client.bytes.Bytes;
import io.otarelease.client.json.Json;
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
 */
public record Manifest(String appId, String version, String minNativeVersion, String createdAt,
                       String bundleHash, List<ManifestFile> files, Source source) {
    public static final String SCHEMA = "ota-manifest/1";
    public static final String FILE_NAME = "manifest.json";
    private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern VERSION = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?");

    public Manifest {
        files = Collections.unmodifiableList(new ArrayList<>(files));
    }

    /** Builds a manifest from files in any order; sorts them and computes the bundle hash. */
    public static Manifest of(String appId, String version, String minNativeVersion, String createdAt,
                              List<ManifestFile> files, Source source) {
        List<ManifestFile> sorted = new ArrayList<>(files);
        sorted.sort((a, b) -> BundlePaths.UTF8_ORDER.compare(a.path(), b.path()));
        checkIdentity("appId", appId, APP_ID);
        checkIdentity("version", version, VERSION);
        if (minNativeVersion != null) {
            checkIdentity("minNativeVersion", minNativeVersion, VERSION);
        }
        return new Manifest(appId, version, minNativeVersion, createdAt, bundleHash(sorted), sorted, source);
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
        return m;
    }

    /** The canonical (RFC 8785) bytes: the same manifest always gives the same bytes. */
    public byte[] toCanonicalBytes() {
        return Json.canonicalBytes(toJson());
    }

    /** Parses and validates manifest bytes; throws {@link JsonException} naming the field at fault. */
    public static Manifest parse(byte[] bytes) {
        JsonFields doc = JsonFields.parse(bytes, FILE_NAME);
        doc.expect("schema", SCHEMA);
        String appId = doc.string("appId");
        if (!APP_ID.matcher(appId).matches()) {
            throw doc.fail("appId", "is not a valid app id");
        }
        String version = doc.string("version");
        if (!VERSION.matcher(version).matches()) {
            throw doc.fail("version", "is not a version like 3.4.1");
        }
        String minNative = doc.optString("minNativeVersion");
        if (minNative != null && !VERSION.matcher(minNative).matches()) {
            throw doc.fail("minNativeVersion", "is not a version like 3.0.0");
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
        return new Manifest(appId, version, minNative, createdAt, bundleHash, files, source);
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
