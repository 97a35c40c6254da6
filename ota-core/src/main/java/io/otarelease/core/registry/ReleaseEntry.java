package io.otarelease.core.registry;

import io.otarelease.client.json.JsonFields;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One release in the registry: the row of the seed's version table plus why it left service.
 *
 * @param released when it first went to production (null while staged)
 * @param retired when it stopped being a rollback target (archived or quarantined), else null
 * @param note why it was quarantined, or other operator text
 */
public record ReleaseEntry(String version, String bundleHash, ReleaseStatus status, String staged, String released,
                           String retired, String note) {
    public ReleaseEntry withStatus(ReleaseStatus s) {
        return new ReleaseEntry(version, bundleHash, s, staged, released, retired, note);
    }

    public ReleaseEntry released(String when) {
        return new ReleaseEntry(version, bundleHash, status, staged, released == null ? when : released, null, note);
    }

    public ReleaseEntry retired(ReleaseStatus s, String when, String why) {
        return new ReleaseEntry(version, bundleHash, s, staged, released, when, why == null ? note : why);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("bundleHash", bundleHash);
        m.put("status", status.label());
        put(m, "staged", staged);
        put(m, "released", released);
        put(m, "retired", retired);
        put(m, "note", note);
        return m;
    }

    static ReleaseEntry parse(JsonFields f) {
        ReleaseStatus status;
        try {
            status = ReleaseStatus.parse(f.string("status"));
        } catch (IllegalArgumentException e) {
            throw f.fail("status", e.getMessage());
        }
        return new ReleaseEntry(f.string("version"), f.string("bundleHash"), status, f.optString("staged"),
                f.optString("released"), f.optString("retired"), f.optString("note"));
    }

    private static void put(Map<String, Object> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
