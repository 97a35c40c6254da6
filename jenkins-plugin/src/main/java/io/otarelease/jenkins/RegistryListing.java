package io.otarelease.jenkins;

import io.otarelease.core.registry.ReleaseEntry;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.store.Store;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code otaRegistry} on the controller: the releases of the production (or staging) registry, newest first. */
public final class RegistryListing {
    private RegistryListing() {
    }

    /** @param which production or staging */
    public static List<ReleaseEntry> run(StepTarget where, String which, PrintStream log) {
        String appId = where.appId();
        try (Store store = where.open(which)) {
            List<ReleaseEntry> entries = new StoreRegistry(store, appId).read().newestFirst();
            log.println(where.step() + ": " + appId + " in " + store.url() + ": " + (entries.isEmpty() ? "no releases"
                    : String.join(", ", entries.stream().map(e -> e.version() + " " + e.status().label()).toList())));
            return entries;
        }
    }

    /** What {@code otaRegistry} returns: a map a release (also what the shared library's tests answer for it). */
    public static List<Map<String, Object>> toMaps(List<ReleaseEntry> entries) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ReleaseEntry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", e.version());
            m.put("status", e.status().label());
            m.put("bundleHash", e.bundleHash());
            m.put("staged", e.staged());
            m.put("released", e.released());
            m.put("retired", e.retired());
            m.put("note", e.note());
            out.add(m);
        }
        return out;
    }
}
