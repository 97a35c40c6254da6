package io.otarelease.core.release;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.OtaException;
import io.otarelease.core.registry.RegistryDocument;
import io.otarelease.core.registry.ReleaseEntry;
import io.otarelease.core.registry.ReleaseStatus;
import io.otarelease.core.store.Body;
import io.otarelease.core.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Promotes a staged release to a production channel at a rollout percent.
 *
 * <p>Order, so that a failure anywhere leaves the previous release serving and a re-run completes the work:
 * copy to production only the blobs it lacks (those its manifest adds to the release production serves; server-side
 * within one S3 endpoint), then the signature and the manifest, as verified here with the trusted keys; sign a new
 * pointer (sequence + 1; a new salt for a new release, the same salt when only the percent changes); publish it
 * compare-and-swap; update the registry; append the audit record; invalidate the channel objects on the CDN.
 */
public final class Promoter {
    /**
     * What a promotion did, typed to the edge (the CLI prints it, the Jenkins step turns it into the step's map).
     *
     * @param pointerChanged false when the channel already served this (a re-run)
     * @param previousVersion what the channel served before, or null for its first release
     * @param invalidationId the CDN's id for the invalidation of the channel objects, or null without a CDN
     */
    public record Result(String appId, String channel, String version, Percent percent, boolean urgent, long sequence,
                         int blobsCopied, boolean pointerChanged, String previousVersion, String invalidationId,
                         Duration elapsed) {
    }

    private final ReleaseContext ctx;
    private int parallelism = 8;
    private String cdnPathPrefix = "/";
    private Duration waitFor;
    private boolean urgent;

    public Promoter(ReleaseContext ctx) {
        this.ctx = ctx;
    }

    public Promoter parallelism(int n) {
        this.parallelism = n;
        return this;
    }

    public Promoter cdnPathPrefix(String p) {
        this.cdnPathPrefix = p;
        return this;
    }

    public Promoter waitFor(Duration d) {
        this.waitFor = d;
        return this;
    }

    /**
     * Marks the release urgent in the signed pointer: devices apply it as soon as it is staged instead of at their
     * next start. Promoting the same release and percent with another urgency publishes a new pointer.
     */
    public Promoter urgent(boolean u) {
        this.urgent = u;
        return this;
    }

    /** Announced to gc for its whole run ({@link GcLease}): gc never deletes a blob this promotion reuses. */
    public Result promote(Store from, String version, Percent percent) {
        try (GcLease announced = GcLease.forPromotion(ctx.production(), ctx.appId(), ctx.clock(), ctx.actor(),
                ReleaseContext.checkVersion(version))) {
            return promoteAnnounced(from, version, percent);
        }
    }

    private Result promoteAnnounced(Store from, String version, Percent percent) {
        ReleaseContext.checkVersion(version);
        long start = System.nanoTime();
        StoreLayout layout = new StoreLayout(ctx.appId());
        Store to = ctx.production();

        ChannelHistory history = new ChannelHistory(ctx);
        // read once: its compare-and-swap at publish refuses a history changed since (exit 3, nothing published)
        ChannelHistory.Doc signed = history.read();
        refuseQuarantined(signed, version);
        RegistryDocument registry = ctx.registry().read(); // only to find the base release (saves requests)

        Copied copiedRelease = copy(from, to, layout, version, registry);
        StoredRelease release = copiedRelease.release();
        int copied = copiedRelease.blobs();

        ChannelStore channel = ctx.channelStore();
        ChannelStore.State state = channel.read();
        String bundleHash = release.manifest().bundleHash();
        String previousVersion = state.exists() ? state.pointer().current().version() : null;
        ChannelStore.State before = state;
        // the stored pointer must be the one the signed history records last; a cut-off run of this same command
        // is finished by writing the pointer it recorded
        ChannelHistory.Finished done = history.reconcile(signed, channel, state, e -> e.action().equals("promote")
                && e.version().equals(version) && e.bundleHash().equals(bundleHash) && e.percent() == percent.value());
        if (done != ChannelHistory.Finished.NOTHING) {
            state = channel.read();
        }
        boolean finished = done == ChannelHistory.Finished.POINTER;
        boolean changed;
        long sequence;
        if (ChannelStore.matches(state, version, bundleHash, percent)
                && state.pointer().current().urgent() == urgent) {
            // a re-run: the pointer already says this; finish what an interrupted run left undone
            if (!state.signed()) {
                channel.repairSignature(state, ctx.signing());
            }
            changed = finished;
            sequence = state.sequence();
        } else {
            ChannelStore.requireSigned(state, "promote " + version);
            ChannelPointer next = next(state, signed, release, percent);
            history.publish(signed, channel, state, next, "promote", null, null);
            changed = true;
            sequence = next.sequence();
        }
        String now = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString();
        ctx.registry().update(doc -> applyRegistry(doc, version, bundleHash, percent, now));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        // a re-run after a run cut off between the pointer and the audit record writes the record it left out
        if (changed || !ReleaseAuditLog.recorded(to, layout, sequence, state.pointer().issuedAt())) {
            Map<String, Object> audit = new LinkedHashMap<>();
            audit.put("channel", ctx.channel());
            audit.put("version", version);
            audit.put("bundleHash", bundleHash);
            audit.put("percent", (long) percent.value());
            if (urgent) {
                audit.put("urgent", true);
            }
            if (!changed) {
                audit.put("completedByReRun", true);
            } else if (previousVersion != null) {
                audit.put("previous", Map.of("version", previousVersion, "percent",
                        (long) before.pointer().current().percent(), "sequence", before.sequence()));
            }
            audit.put("blobsCopied", (long) copied);
            audit.put("elapsedMs", elapsed.toMillis());
            ReleaseAuditLog.append(to, layout, ctx.clock().instant(), sequence, "promote", ctx.actor(), audit);
        }
        String id = Invalidation.run(ctx, channel, cdnPathPrefix, waitFor, "channel " + ctx.channel()
                + " now serves " + version + " to " + percent + "% (sequence " + sequence + ")");
        return new Result(ctx.appId(), ctx.channel(), version, percent, urgent, sequence, copied, changed,
                previousVersion, id, elapsed);
    }

    /** Refuses a release a signed rollback quarantined (the registry's status is a view, not the fact). */
    static void refuseQuarantined(ChannelHistory.Doc signed, String version) {
        signed.entries().stream().filter(e -> version.equals(e.quarantined())).findFirst().ifPresent(e -> {
            throw new OtaException.CheckFailed("release " + version + " is quarantined (" + e.reason() + "; signed "
                    + "rollback at sequence " + e.sequence() + " by " + e.actor() + "); stage a fixed release under a "
                    + "new version");
        });
    }

    /**
     * The next pointer. Its fallback is the newest release the signed history shows serving the whole channel
     * (never a canary only a few ran, never a quarantined one), or none: devices outside the rollout then keep the
     * bundle built into the app.
     */
    private ChannelPointer next(ChannelStore.State state, ChannelHistory.Doc signed, StoredRelease release,
                                Percent percent) {
        var m = release.manifest();
        Instant now = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        ChannelPointer.Current current;
        ChannelPointer prev = state.pointer();
        if (prev != null && prev.current().version().equals(m.version())
                && prev.current().bundleHash().equals(m.bundleHash())) {
            current = prev.current().withPercent(percent.value()).withUrgent(urgent); // same salt: everyone in stays in
        } else {
            current = new ChannelPointer.Current(m.version(), m.bundleHash(), m.minNativeVersion(), percent.value(),
                    ChannelStore.newSalt(), urgent);
        }
        ChannelPointer.Fallback fallback = signed.servedToAll(m.version()).orElse(null);
        return new ChannelPointer(ctx.appId(), ctx.channel(), state.sequence() + 1, now,
                now.plus(ctx.pointerValidity()), current, fallback);
    }

    static RegistryDocument applyRegistry(RegistryDocument doc, String version, String bundleHash, Percent percent,
                                          String now) {
        ReleaseEntry entry = doc.find(version).orElse(new ReleaseEntry(version, bundleHash, ReleaseStatus.STAGED,
                now, null, null, null)).released(now);
        if (!percent.isAll()) {
            RegistryDocument d = doc;
            for (ReleaseEntry e : doc.releases()) {
                if (!e.version().equals(version) && e.status() == ReleaseStatus.CANARY) {
                    d = d.put(e.retired(ReleaseStatus.ARCHIVED, now, "replaced by canary " + version));
                }
            }
            return d.put(entry.withStatus(ReleaseStatus.CANARY));
        }
        List<ReleaseEntry> others = new ArrayList<>(doc.releases());
        RegistryDocument d = doc;
        for (ReleaseEntry e : others) {
            if (!e.version().equals(version) && (e.status() == ReleaseStatus.CURRENT || e.status() == ReleaseStatus.CANARY)) {
                d = d.put(e.withStatus(e.status() == ReleaseStatus.CURRENT ? ReleaseStatus.ROLLBACK_READY
                        : ReleaseStatus.ARCHIVED));
            }
        }
        return d.put(entry.withStatus(ReleaseStatus.CURRENT)).applyRetention(now);
    }

    /** Streams a blob and checks its hash before writing it: a damaged staging copy never reaches production. */
    static void copyBlobChecked(Store from, Store to, String key) {
        byte[] data = from.get(key).orElseThrow(() -> new OtaException.CheckFailed(from.url() + key + " is missing"))
                .bytes();
        String expected = key.substring(key.lastIndexOf('/') + 1);
        String actual = Stager.sha256(data);
        if (!actual.equals(expected)) {
            throw new OtaException.CheckFailed(from.url() + key + " is damaged: its content hashes to " + actual
                    + "; nothing of it was copied");
        }
        to.putIfAbsent(key, Body.of(data));
    }

    /** The release as production holds it, verified with the trusted keys, and how many blobs were copied. */
    record Copied(StoredRelease release, int blobs) {
    }

    /**
     * Copies to production only what it lacks: blobs first, then the signature, the manifest last. What it lacks is
     * what the release adds to the one production serves ({@link BaseRelease}); each blob is one conditional copy.
     * The signature and manifest are written from the bytes verified here, with {@code If-None-Match: *}, so what
     * production holds is what was checked without reading it back, unless something was there already.
     */
    Copied copy(Store from, Store to, StoreLayout layout, String version, RegistryDocument registry) {
        Optional<BaseRelease> base = BaseRelease.find(to, layout, registry, version);
        if (base.isPresent() && base.get().version().equals(version)) {
            if (from != null) { // complete there already (the manifest is written last): the same release?
                from.get(layout.manifest(version)).ifPresent(o -> requireSame(to, version, o.bytes(),
                        base.get().manifestBytes()));
            }
            return new Copied(StoredRelease.read(to, layout, version, base.get().manifestBytes(), ctx.trusted()), 0);
        }
        if (from == null) {
            if (!to.exists(layout.manifest(version))) {
                throw new OtaException.BadInput("release " + version + " is not in " + to.url() + "; give --from-store (the staging store)");
            }
            return new Copied(StoredRelease.read(to, layout, version, ctx.trusted()), 0);
        }
        StoredRelease staged = StoredRelease.read(from, layout, version, ctx.trusted());
        BaseRelease.requireSamePlatform(base, staged.manifest(), to.url());
        Set<String> missing = new TreeSet<>(staged.blobHashes());
        if (base.isPresent()) {
            missing.removeAll(base.get().blobHashes());
        } else { // no release to compare with (the first one): list what production holds
            Set<String> present = new HashSet<>(to.list(layout.blobsPrefix()));
            missing.removeIf(h -> present.contains(layout.blob(h)));
        }
        boolean serverSide = to.copiesServerSide(from);
        Parallel.forEach(new ArrayList<>(missing), parallelism, hash -> {
            if (serverSide) {
                to.copyIfAbsent(from, layout.blob(hash)); // bytes never leave the service; hash-checked when staged
            } else {
                copyBlobChecked(from, to, layout.blob(hash));
            }
        });
        boolean wroteSignature = to.putIfAbsent(layout.manifestSignature(version),
                Body.of(staged.signatureBytes())).isPresent();
        boolean wroteManifest = to.putIfAbsent(layout.manifest(version), Body.of(staged.manifestBytes())).isPresent();
        if (!wroteManifest) {
            requireSame(to, version, staged.manifestBytes(), to.get(layout.manifest(version)).orElseThrow().bytes());
        }
        StoredRelease inProduction = wroteSignature && wroteManifest ? staged
                : StoredRelease.read(to, layout, version, ctx.trusted());
        return new Copied(inProduction, missing.size());
    }

    private static void requireSame(Store to, String version, byte[] staged, byte[] there) {
        if (!java.util.Arrays.equals(staged, there)) {
            throw new OtaException.CheckFailed("production " + to.url() + " already holds a different release under "
                    + "version " + version + "; releases are never overwritten: stage the bundle under a new version");
        }
    }
}
