package io.otarelease.client.manifest;

import java.util.LinkedHashMap;
import java.util.Map;

/** Where a bundle came from: commit, ref and build URL, each optional. */
public record Source(String commit, String ref, String build) {
    public static final Source NONE = new Source(null, null, null);

    public boolean isEmpty() {
        return commit == null && ref == null && build == null;
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (commit != null) {
            m.put("commit", commit);
        }
        if (ref != null) {
            m.put("ref", ref);
        }
        if (build != null) {
            m.put("build", build);
        }
        return m;
    }
}
