package io.otarelease.core.release;

import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.store.Body;
import io.otarelease.core.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/** One immutable record per channel change: {@code audit/<timestamp>-<sequence>.json}, never overwritten. */
public final class ReleaseAuditLog {
    public static final String SCHEMA = "ota-audit/1";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private ReleaseAuditLog() {
    }

    /** Writes the record and returns its key. {@code fields} follow the common ones (action, who, when...). */
    public static String append(Store store, StoreLayout layout, Instant at, long sequence, String action,
                                String actor, Map<String, Object> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("action", action);
        m.put("at", at.toString());
        m.put("actor", actor);
        m.put("sequence", sequence);
        m.putAll(fields);
        String key = layout.audit(STAMP.format(at), sequence);
        store.putIfAbsent(key, Body.of(CanonicalJson.bytes(m)));
        return key;
    }

    /**
     * Whether a record for this pointer sequence exists, reading every record: for checks and tests. Commands use
     * {@link #recorded(Store, StoreLayout, long, Instant)}, whose cost does not grow with the log.
     */
    public static boolean recorded(Store store, StoreLayout layout, long sequence) {
        String suffix = "-" + sequence + ".json";
        return store.list(layout.auditPrefix()).stream().anyMatch(k -> k.endsWith(suffix));
    }

    /** How far before the pointer's issue time its record may be stamped: clock steps on the machine that wrote it. */
    static final Duration CLOCK_SLACK = Duration.ofMinutes(10);

    /**
     * Whether the pointer issued at {@code issuedAt} with this sequence has its record. The command that published
     * the pointer stamps the record with the same clock after it, and record keys sort by stamp, so only records
     * from shortly before {@code issuedAt} on are listed (those of the current pointer and of other channels since).
     */
    public static boolean recorded(Store store, StoreLayout layout, long sequence, Instant issuedAt) {
        String suffix = "-" + sequence + ".json";
        String from = layout.audit(STAMP.format(issuedAt.minus(CLOCK_SLACK)), 0);
        return store.listAfter(layout.auditPrefix(), from.substring(0, from.length() - "-0.json".length()))
                .stream().anyMatch(k -> k.endsWith(suffix));
    }
}
