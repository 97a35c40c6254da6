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
import java.util.Set;

/**
 * Deletes blobs that no kept release references. Kept: every release not archived (staged, canary, current,
 * rollback-ready, quarantined — kept for the investigation), every release a channel pointer names, every release
 * archived less than the grace period ago, and every manifest the registry does not know (an unknown release is
 * never assumed dead). A blob must also be older than the grace period, so an upload in progress (blobs go up
 * before their manifest) is never collected.
 */
public final class GarbageCollector {
    public record Result(int blobsSeen, int referenced, List<String> deleted, long bytesFreed) {
    }

    private GarbageCollector() {
    }

    public static Result collect(Store store, String appId, RegistryDocument registry, Clock clock, Duration grace,
                                 boolean dryRun) {
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
        Set<String> referenced = new HashSet<>();
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
                referenced.add(layout.blob(f.sha256()));
            }
        }
        List<String> deleted = new ArrayList<>();
        long freed = 0;
        List<Store.Entry> blobs = store.listEntries(layout.blobsPrefix());
        for (Store.Entry b : blobs) {
            if (!referenced.contains(b.key()) && b.lastModified().isBefore(cutoff)) {
                if (!dryRun) {
                    store.delete(b.key());
                }
                deleted.add(b.key());
                freed += b.size();
            }
        }
        return new Result(blobs.size(), (int) blobs.stream().filter(b -> referenced.contains(b.key())).count(),
                deleted, freed);
    }
}
