package io.otarelease.core.registry;

import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The version registry of one app ({@code ota-registry/1}): every release with its status. Immutable; changes
 * return a new document, which a {@link Registry} writes with compare-and-swap.
 *
 * @param revision how many changes led here: one more per successful write
 */
public record RegistryDocument(String appId, long revision, List<ReleaseEntry> releases) {
    public static final String SCHEMA = "ota-registry/1";
    /** Retention: how many rollback-ready releases stay beside the current one. */
    public static final int ROLLBACK_TARGETS = 2;

    public RegistryDocument {
        releases = List.copyOf(releases);
    }

    public static RegistryDocument empty(String appId) {
        return new RegistryDocument(appId, 0, List.of());
    }

    public Optional<ReleaseEntry> find(String version) {
        return releases.stream().filter(r -> r.version().equals(version)).findFirst();
    }

    public Optional<ReleaseEntry> withStatus(ReleaseStatus status) {
        return releases.stream().filter(r -> r.status() == status).findFirst();
    }

    /** A copy with {@code entry} added or replacing the entry of the same version. */
    public RegistryDocument put(ReleaseEntry entry) {
        List<ReleaseEntry> out = new ArrayList<>(releases);
        out.removeIf(r -> r.version().equals(entry.version()));
        out.add(entry);
        return new RegistryDocument(appId, revision, out);
    }

    /**
     * Retention of DESIGN.md: the current release and the {@value #ROLLBACK_TARGETS} newest rollback-ready ones
     * stay; older rollback-ready releases become archived (retired {@code now}).
     */
    public RegistryDocument applyRetention(String now) {
        List<ReleaseEntry> ready = new ArrayList<>(releases.stream()
                .filter(r -> r.status() == ReleaseStatus.ROLLBACK_READY).toList());
        ready.sort(Comparator.comparing((ReleaseEntry r) -> r.released() == null ? "" : r.released()).reversed());
        RegistryDocument d = this;
        for (int i = ROLLBACK_TARGETS; i < ready.size(); i++) {
            d = d.put(ready.get(i).retired(ReleaseStatus.ARCHIVED, now, null));
        }
        return d;
    }

    /** Releases newest first (by release time, then staging time), as the version table shows them. */
    public List<ReleaseEntry> newestFirst() {
        List<ReleaseEntry> out = new ArrayList<>(releases);
        Comparator<ReleaseEntry> c = Comparator.comparing((ReleaseEntry r) -> r.released() == null ? "~" : r.released())
                .thenComparing(r -> r.staged() == null ? "" : r.staged());
        out.sort(c.reversed());
        return out;
    }

    RegistryDocument nextRevision() {
        return new RegistryDocument(appId, revision + 1, releases);
    }

    public byte[] toBytes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("appId", appId);
        m.put("revision", revision);
        List<Object> list = new ArrayList<>();
        releases.stream().sorted(Comparator.comparing(ReleaseEntry::version)).forEach(r -> list.add(r.toJson()));
        m.put("releases", list);
        return CanonicalJson.bytes(m);
    }

    public static RegistryDocument parse(byte[] bytes, String document) {
        JsonFields doc = JsonFields.parse(bytes, document);
        doc.expect("schema", SCHEMA);
        List<ReleaseEntry> entries = new ArrayList<>();
        for (JsonFields f : doc.objects("releases")) {
            entries.add(ReleaseEntry.parse(f));
        }
        return new RegistryDocument(doc.string("appId"), doc.integer("revision", 0, Long.MAX_VALUE), entries);
    }
}
