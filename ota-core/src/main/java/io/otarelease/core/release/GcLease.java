package io.otarelease.core.release;

import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.json.JsonReader;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.OtaException;
import io.otarelease.core.store.Body;
import io.otarelease.core.store.Store;
import io.otarelease.core.store.StoreConflictException;
import io.otarelease.core.store.StoredObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Keeps {@code ota gc} and promotions apart, so gc never deletes a blob a promotion is reusing.
 *
 * <p>A promotion does not copy blobs production already holds; gc decides from the manifests it read which blobs
 * nobody needs. A gc that read them before the new manifest appeared and deletes after the promotion checked its
 * blobs would leave the published release without a file. So each side announces itself before it looks at the
 * other: a promotion writes {@code <app>/leases/promote-<id>.json}, then stops while a gc lease is live; gc writes
 * {@code <app>/leases/gc.json} (If-None-Match: one gc at a time), then stops while a promotion is announced. Of two
 * that overlap, the one that writes second sees the first (S3 and a directory list what was written before), so
 * they never run at once; the one that stops changed nothing, exits 3, and is run again.
 *
 * <p>Both expire, so a killed process blocks the other only for a while: a promotion's announcement after
 * {@link #PROMOTION_TTL}, a gc lease after {@link #GC_TTL} (gc stops deleting before its lease runs out).
 */
public final class GcLease implements AutoCloseable {
    static final Duration GC_TTL = Duration.ofMinutes(30);
    static final Duration PROMOTION_TTL = Duration.ofHours(6);
    /** gc stops this long before its lease expires, so a promotion never sees an expired lease of a running gc. */
    static final Duration GC_MARGIN = Duration.ofMinutes(2);

    private final Store store;
    private final String key;
    private final byte[] body;
    private final Instant expires;
    private final Clock clock;

    private GcLease(Store store, String key, byte[] body, Instant expires, Clock clock) {
        this.store = store;
        this.key = key;
        this.body = body;
        this.expires = expires;
        this.clock = clock;
    }

    /** Takes the gc lease of {@code appId}; refuses while another gc holds it or a promotion is announced. */
    public static GcLease forGc(Store store, String appId, Clock clock) {
        StoreLayout layout = new StoreLayout(appId);
        String key = layout.gcLease();
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        byte[] body = body("gc", null, now, now.plus(GC_TTL));
        if (store.putIfAbsent(key, Body.of(body)).isEmpty()) {
            StoredObject held = store.get(key).orElse(null);
            Lease other = held == null ? null : Lease.parse(store, key, held.bytes());
            if (other != null && other.liveAt(now)) {
                throw new OtaException.Infrastructure("another gc holds " + store.url() + key + " (" + other
                        + "); nothing was deleted. Run gc again when it is done (or delete that object if no gc runs)");
            }
            try { // the lease of a gc that was killed: take it over, unless another gc just did
                store.putIfMatch(key, Body.of(body), held == null ? null : held.etag());
            } catch (StoreConflictException e) {
                throw new OtaException.Infrastructure("another gc took " + store.url() + key + " just now; nothing "
                        + "was deleted. Run gc again when it is done", e);
            }
        }
        GcLease lease = new GcLease(store, key, body, now.plus(GC_TTL), clock);
        try {
            for (String k : store.list(layout.leasesPrefix())) {
                if (k.startsWith(layout.leasesPrefix() + "promote-")) {
                    Optional<StoredObject> o = store.get(k);
                    Lease p = o.isEmpty() ? null : Lease.parse(store, k, o.get().bytes());
                    if (p != null && p.liveAt(now)) {
                        throw new OtaException.Infrastructure("a promotion is in progress (" + store.url() + k + ": "
                                + p + "); gc deleted nothing. Run it again when the promotion is done");
                    }
                }
            }
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
        return lease;
    }

    /** Announces a promotion of {@code version}; refuses while a gc holds its lease. */
    public static GcLease forPromotion(Store store, String appId, Clock clock, String actor, String version) {
        StoreLayout layout = new StoreLayout(appId);
        String key = layout.leasesPrefix() + "promote-" + UUID.randomUUID() + ".json";
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        byte[] body = body("promotion", actor + " promoting " + version, now, now.plus(PROMOTION_TTL));
        store.putIfAbsent(key, Body.of(body));
        GcLease mark = new GcLease(store, key, body, now.plus(PROMOTION_TTL), clock);
        Optional<StoredObject> gc = store.get(layout.gcLease());
        Lease held = gc.isEmpty() ? null : Lease.parse(store, layout.gcLease(), gc.get().bytes());
        if (held != null && held.liveAt(now)) {
            mark.close();
            throw new OtaException.Infrastructure("gc is deleting unused blobs in " + store.url() + " ("
                    + store.url() + layout.gcLease() + ": " + held + "); nothing was promoted. Run the promotion "
                    + "again when gc is done (a killed gc's lease lapses at " + held.expires + ")");
        }
        return mark;
    }

    /** For gc before each delete: refuses once the lease is about to lapse (a promotion may then go ahead). */
    void requireLive(int deletedSoFar) {
        if (!clock.instant().isBefore(expires.minus(GC_MARGIN))) {
            throw new OtaException.Infrastructure("gc stopped after deleting " + deletedSoFar + " blobs: its lease "
                    + store.url() + key + " lapses at " + expires + ". Run it again to continue");
        }
    }

    /** Releases the lease (a gc lease only while it is still ours). A failure here only lets it lapse later. */
    @Override
    public void close() {
        try {
            if (key.endsWith("/gc.json")) {
                Optional<StoredObject> now = store.get(key);
                if (now.isEmpty() || !Arrays.equals(now.get().bytes(), body)) {
                    return;
                }
            }
            store.delete(key);
        } catch (OtaException e) {
            // left in place, it expires on its own
        }
    }

    private static byte[] body(String kind, String what, Instant acquired, Instant expires) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", "ota-lease/1");
        m.put("kind", kind);
        m.put("holder", System.getProperty("user.name") + " (pid " + ProcessHandle.current().pid() + ")"
                + (what == null ? "" : ", " + what));
        m.put("acquired", acquired.toString());
        m.put("expires", expires.toString());
        m.put("id", UUID.randomUUID().toString());
        return CanonicalJson.bytes(m);
    }

    /** A lease as read back; one that cannot be read counts as live, so a damaged lease never lets gc run. */
    private record Lease(String holder, Instant acquired, Instant expires) {
        static Lease parse(Store store, String key, byte[] bytes) {
            try {
                Map<String, Object> m = JsonReader.parseObject(bytes);
                return new Lease(String.valueOf(m.get("holder")), Instant.parse(String.valueOf(m.get("acquired"))),
                        Instant.parse(String.valueOf(m.get("expires"))));
            } catch (JsonException | java.time.DateTimeException e) {
                return new Lease("unreadable " + store.url() + key + ": delete it if neither gc nor a promotion runs",
                        Instant.MIN, Instant.MAX);
            }
        }

        boolean liveAt(Instant now) {
            return now.isBefore(expires);
        }

        @Override
        public String toString() {
            return holder + ", since " + acquired + ", lapses at " + expires;
        }
    }
}
