package io.otarelease.core.release;

import io.otarelease.client.json.JsonException;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.core.OtaException;
import io.otarelease.core.registry.RegistryDocument;
import io.otarelease.core.registry.ReleaseEntry;
import io.otarelease.core.registry.ReleaseStatus;
import io.otarelease.core.store.Store;
import io.otarelease.client.layout.StoreLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A release whose blobs a store holds by invariant, so that staging or promoting the next one looks only at the
 * files its manifest adds: requests grow with the change, not with every release ever made.
 *
 * <p>The invariant: {@code releases/V/manifest.json} is written after every blob it lists (stage and promote both
 * write the manifest last), and gc never deletes a blob that a kept release lists. A release that gc may collect
 * (archived) is therefore never a base; an unknown or unreadable manifest means no base (the caller lists the blob
 * prefix instead). Its signature is not checked: the base only saves requests, it is not believed about content,
 * and whoever could plant a manifest could as well delete blobs. A blob lost against the invariant (deleted by
 * hand) is caught by {@code ota gc}, which reports blobs that kept releases list but the store lacks, and by
 * {@code ota rollback}, which checks every blob of its target.
 */
record BaseRelease(String version, byte[] manifestBytes, Set<String> blobHashes, String platform) {
    /** Manifests read at most while looking for a base; past that, listing is cheaper to reason about. */
    private static final int MAX_READS = 3;

    /**
     * The first of {@code preferred}, the current release, the canary, then the newest other release kept by gc,
     * whose manifest {@code store} holds.
     */
    static Optional<BaseRelease> find(Store store, StoreLayout layout, RegistryDocument registry, String preferred) {
        Set<String> candidates = new LinkedHashSet<>();
        registry.find(preferred == null ? "" : preferred).filter(BaseRelease::kept)
                .ifPresent(e -> candidates.add(e.version()));
        for (ReleaseStatus s : List.of(ReleaseStatus.CURRENT, ReleaseStatus.CANARY)) {
            registry.releases().stream().filter(e -> e.status() == s).forEach(e -> candidates.add(e.version()));
        }
        registry.newestFirst().stream().filter(BaseRelease::kept).forEach(e -> candidates.add(e.version()));
        List<String> tries = new ArrayList<>(candidates);
        for (String v : tries.subList(0, Math.min(MAX_READS, tries.size()))) {
            Optional<BaseRelease> base = read(store, layout, v);
            if (base.isPresent()) {
                return base;
            }
        }
        return Optional.empty();
    }

    /** The release {@code version} as {@code store} holds it, or empty when it holds no readable manifest. */
    static Optional<BaseRelease> read(Store store, StoreLayout layout, String version) {
        return store.get(layout.manifest(version)).flatMap(o -> of(version, o.bytes()));
    }

    static Optional<BaseRelease> of(String version, byte[] manifestBytes) {
        try {
            Manifest m = Manifest.parse(manifestBytes);
            if (!m.version().equals(version)) {
                return Optional.empty();
            }
            Set<String> hashes = new HashSet<>();
            for (ManifestFile f : m.files()) {
                hashes.add(f.sha256());
            }
            return Optional.of(new BaseRelease(version, manifestBytes, hashes, m.platform()));
        } catch (JsonException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * One store serves one platform's releases (docs/release-engine.md, "Platforms"): a release made for android is
     * refused where the store's releases are for ios, and the other way round, before anything is written. Releases
     * for every platform (no {@code platform}) mix with either. The base is not verified: a planted manifest can only
     * make this refuse, never let a release through that the devices would take.
     */
    static void requireSamePlatform(Optional<BaseRelease> base, Manifest release, String storeUrl) {
        String other = base.map(BaseRelease::platform).orElse(null);
        if (other != null && release.platform() != null && !other.equals(release.platform())) {
            throw new OtaException.BadInput(storeUrl + " holds " + other + " releases (" + base.get().version()
                    + "), but " + release.version() + " is for " + release.platform() + ": release each platform "
                    + "from its own store (e.g. s3://bucket/ota/" + release.platform() + "), the one its apps' "
                    + "OtaUpdateUrl names");
        }
    }

    private static boolean kept(ReleaseEntry e) {
        return e.status() != ReleaseStatus.ARCHIVED;
    }
}
