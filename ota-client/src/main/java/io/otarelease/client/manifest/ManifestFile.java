package io.otarelease.client.manifest;

import java.util.LinkedHashMap;
import java.util.Map;

/** One file of a bundle: its path, the SHA-256 of its content (lowercase hex) and its size in bytes. */
public record ManifestFile(String path, String sha256, long size) {
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", path);
        m.put("sha256", sha256);
        m.put("size", size);
        return m;
    }
}
