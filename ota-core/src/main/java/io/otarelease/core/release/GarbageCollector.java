package io.otarelease.core.release;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.core.OtaException;
import io.otarelease.core.registry.RegistryDocument;
import io.otarelease.core.registry.ReleaseEntry;
import io.otarelease.core.registry.ReleaseStatus;
import io.otarelease.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Deletes blobs that no kept release references. Kept: every release not archived (staged, canary, current,
 * rollback-ready, quarantined — kept for the investigation), every release a channel pointer names, every release
 * archived less than the grace period ago, and every manifest the registry does not know (an unknown release is
 * never assumed dead). A blob must also be older than the grace period, so an upload in progress (blobs go up
 * before their manifest) is never collected. Temporary files of failed writes older than the grace period go too.
 * Having listed the blobs, it also reports blobs a kept release lists that the store lacks: stage and promote trust a
 * kept release's blobs to be present instead of checking them.
 */
public final class GarbageCollector {
    /**
     * @param missing blobs a kept release lists that the store lacks, as "blob (version path)": the invariant that
     *     stage and promote rely on to skip them ({@link BaseRelease}) is broken, and devices cannot fetch them
     * @param temporaries partial files of failed or killed writes, removed once older than the grace period
     */
    public record Result(int blobsSeen, int referenced, List<String> deleted, long bytesFreed, List<String> missing,
                         List<Store.Entry> temporaries) {
    }

    private GarbageCollector() {
    }

    /**
     * Collects under the gc lease ({@link GcLease}): it refuses (exit 3, nothing deleted) while a promotion is in
     * progress, and a promotion refuses while it runs. A dry run deletes nothing and takes no lease.
     */
    public static Result collect(Store store, String appId, RegistryDocument registry, Clock clock, Duration grace,
                                 boolean dryRun) {
        if (dryRun) {
            return collect(store, appId, registry, clock, grace, null);
        }
        try (GcLease lease = GcLease.forGc(store, appId, clock)) {
            return collect(store, appId, registry, clock, grace, lease);
        }
    }

    /** With a null {@code lease}, a dry run. The references are read after the lease is held. */
    private static Result collect(Store store, String appId, RegistryDocument registry, Clock clock, Duration grace,
                                  GcLease lease) {
        boolean dryRun = lease == null;
        StoreLayout layout = new StoreLayout(appId);
        Instant cutoff = clock.instant().minus(grace);
        Set<String> keepVersions = new HashSet<>();
        Set<String> collectable = new HashSet<>();
        for (ReleaseEntry e : registry.releases()) {
            boolean oldArchive = e.status() == ReleaseStatus.ARCHIVED && e.retired() != null
                    && Instant.parse(e.retired()).isBefore(cutoff);
            (oldArchive ? collectable : keepVersions).add(e.version());
        }
        for (String key : store.list(layout.channel("").replace(".json", ""))) {
            if (key.endsWith(".json")) {
                try {
                    ChannelPointer p = ChannelPointer.parse(store.get(key).orElseThrow().bytes(), key);
                    keepVersions.add(p.current().version());
                    if (p.fallback() != null) {
                        keepVersions.add(p.fallback().version());
                    }
                } catch (JsonException e) {
                    throw new OtaException.CheckFailed("gc stopped: " + e.getMessage() + " (cannot tell what it serves)");
                }
            }
        }
        Map<String, String> referenced = new TreeMap<>(); // blob key -> the first release listing it
        String releasesPrefix = layout.manifest("x").replace("x/manifest.json", "");
        for (String key : store.list(releasesPrefix)) {
            if (!key.endsWith("/manifest.json")) {
                continue;
            }
            String version = key.substring(releasesPrefix.length(), key.length() - "/manifest.json".length());
            if (collectable.contains(version) && !keepVersions.contains(version)) {
                continue;
            }
            Manifest m;
            try {
                m = Manifest.parse(store.get(key).orElseThrow().bytes());
            } catch (JsonException e) {
                throw new OtaException.CheckFailed("gc stopped: " + store.url() + key + ": " + e.getMessage()
                        + " (cannot tell which blobs it needs)");
            }
            for (ManifestFile f : m.files()) {
                referenced.putIfAbsent(layout.blob(f.sha256()), version + " " + f.path());
            }
        }
        List<String> deleted = new ArrayList<>();
        long freed = 0;
        List<Store.Entry> blobs = store.listEntries(layout.blobsPrefix());
        for (Store.Entry b : blobs) {
            if (!referenced.containsKey(b.key()) && b.lastModified().isBefore(cutoff)) {
                if (!dryRun) {
                    lease.requireLive(deleted.size());
                    store.delete(b.key());
                }
                deleted.add(b.key());
                freed += b.size();
            }
        }
        List<Store.Entry> temporaries = store.removeStaleTemporaries(appId + "/", cutoff, dryRun);
        Set<String> present = new HashSet<>();
        blobs.forEach(b -> present.add(b.key()));
        List<String> missing = referenced.entrySet().stream().filter(e -> !present.contains(e.getKey()))
                .map(e -> e.getKey() + " (" + e.getValue() + ")").toList();
        return new Result(blobs.size(), (int) blobs.stream().filter(b -> referenced.containsKey(b.key())).count(),
                deleted, freed, missing, temporaries);
    }
}
