package io.otarelease.core.release;

import io.otarelease.core.registry.RegistryDocument;
import io.otarelease.core.registry.ReleaseEntry;
import java.util.List;

/** The version table of the seed: Version, Bundle Hash, Status, Released, Retired. */
public final class RegistryTable {
    private RegistryTable() {
    }

    public static String render(RegistryDocument doc) {
        StringBuilder out = new StringBuilder();
        out.append("| Version | Bundle Hash | Status | Released | Retired |\n");
        out.append("|---|---|---|---|---|\n");
        List<ReleaseEntry> rows = doc.newestFirst();
        for (ReleaseEntry e : rows) {
            out.append("| ").append(e.version())
                    .append(" | ").append(shortHash(e.bundleHash()))
                    .append(" | ").append(e.status().label())
                    .append(" | ").append(minute(e.released()))
                    .append(" | ").append(e.retired() == null ? "—" : e.retired().substring(0, 10))
                    .append(" |\n");
        }
        return out.toString();
    }

    static String shortHash(String h) {
        String hex = h.startsWith("sha256:") ? h.substring(7) : h;
        return hex.length() > 12 ? hex.substring(0, 12) + "…" : hex;
    }

    /** 2026-03-29T14:00:00Z shown as 2026-03-29T14:00Z, as the seed's table does. */
    static String minute(String instant) {
        if (instant == null) {
            return "—";
        }
        return instant.length() >= 16 ? instant.substring(0, 16) + "Z" : instant;
    }
}
