package io.otarelease.core.release;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.OtaException;
import io.otarelease.core.registry.RegistryDocument;
import io.otarelease.core.registry.ReleaseEntry;
import io.otarelease.core.registry.ReleaseStatus;
import io.otarelease.core.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Promotes a staged release to a production channel at a rollout percent.
 *
 * <p>Order, so that a failure anywhere leaves the previous release serving and a re-run completes the work:
 * copy to production only the blobs it lacks (server-side within one S3 endpoint), then the signature and the
 * manifest; verify the release there with the trusted keys; sign a new pointer (sequence + 1; a new salt for a new
 * release, the same salt when only the percent changes); publish it compare-and-swap; update the registry; append
 * the audit record; invalidate the channel objects on the CDN.
 */
public final class Promoter {
    public record Result(String version, int percent, long sequence, int blobsCopied, boolean pointerChanged,
                         String previousVersion, String invalidationId, Duration elapsed) {
    }

    private final ReleaseContext ctx;
    private int parallelism = 8;
    private String cdnPathPrefix = "/";
    private Duration waitFor;

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

    public Result promote(Store from, String version, int percent) {
        ReleaseContext.checkVersion(version);
        if (percent < 1 || percent > 100) {
            throw new OtaException.BadInput("--percent must be between 1 and 100 but is " + percent);
        }
        long start = System.nanoTime();
        StoreLayout layout = new StoreLayout(ctx.appId());
        Store to = ctx.production();

        RegistryDocument registry = ctx.registry().read();
        registry.find(version).filter(e -> e.status() == ReleaseStatus.QUARANTINED).ifPresent(e -> {
            throw new OtaException.CheckFailed("release " + version + " is quarantined (" + e.note() + "); stage a "
                    + "fixed release under a new version");
        });

        int copied = copy(from, to, layout, version);
        StoredRelease release = StoredRelease.read(to, layout, version, ctx.trusted());
        release.requireBlobs(to, layout);

        ChannelStore channel = ctx.channelStore();
        ChannelStore.State state = channel.read();
        String bundleHash = release.manifest().bundleHash();
        boolean changed;
        long sequence;
        String previousVersion = state.exists() ? state.pointer().current().version() : null;
        if (ChannelStore.matches(state, version, bundleHash, percent)) {
            // a re-run: the pointer already says this; finish what an interrupted run left undone
            if (!state.signed()) {
                channel.repairSignature(state, ctx.signing());
            }
            changed = false;
            sequence = state.sequence();
        } else {
            ChannelStore.requireSigned(state, "promote " + version);
            ChannelPointer next = next(state, release, percent);
            channel.publish(state, next, ctx.signing());
            changed = true;
            sequence = next.sequence();
        }
        String now = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString();
        ctx.registry().update(doc -> applyRegistry(doc, version, bundleHash, percent, now));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        // a re-run after a run cut off between the pointer and the audit record writes the record it left out
        if (changed || !AuditLog.recorded(to, layout, sequence)) {
            Map<String, Object> audit = new LinkedHashMap<>();
            audit.put("channel", ctx.channel());
            audit.put("version", version);
            audit.put("bundleHash", bundleHash);
            audit.put("percent", (long) percent);
            if (!changed) {
                audit.put("completedByReRun", true);
            } else if (previousVersion != null) {
                audit.put("previous", Map.of("version", previousVersion, "percent",
                        (long) state.pointer().current().percent(), "sequence", state.sequence()));
            }
            audit.put("blobsCopied", (long) copied);
            audit.put("elapsedMs", elapsed.toMillis());
            AuditLog.append(to, layout, ctx.clock().instant(), sequence, "promote", ctx.actor(), audit);
        }
        String id = Invalidation.run(ctx, channel, cdnPathPrefix, waitFor, "channel " + ctx.channel()
                + " now serves " + version + " to " + percent + "% (sequence " + sequence + ")");
        return new Result(version, percent, sequence, copied, changed, previousVersion, id, elapsed);
    }

    private ChannelPointer next(ChannelStore.State state, StoredRelease release, int percent) {
        var m = release.manifest();
        Instant now = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        ChannelPointer.Current current;
        ChannelPointer.Fallback fallback;
        ChannelPointer prev = state.pointer();
        if (prev != null && prev.current().version().equals(m.version())
                && prev.current().bundleHash().equals(m.bundleHash())) {
            current = prev.current().withPercent(percent); // same salt: everyone already in stays in
            fallback = prev.fallback();
        } else {
            current = new ChannelPointer.Current(m.version(), m.bundleHash(), m.minNativeVersion(), percent,
                    ChannelStore.newSalt());
            if (prev == null) {
                fallback = null;
            } else if (prev.current().percent() == 100 || prev.fallback() == null) {
                // the release everyone ran is what everyone outside the new rollout keeps
                fallback = new ChannelPointer.Fallback(prev.current().version(), prev.current().bundleHash(),
                        prev.current().minNativeVersion());
            } else {
                fallback = prev.fallback(); // replacing a canary: the stable release stays the fallback
            }
        }
        return new ChannelPointer(ctx.appId(), ctx.channel(), state.sequence() + 1, now,
                now.plus(ctx.pointerValidity()), current, fallback);
    }

    static RegistryDocument applyRegistry(RegistryDocument doc, String version, String bundleHash, int percent,
                                          String now) {
        ReleaseEntry entry = doc.find(version).orElse(new ReleaseEntry(version, bundleHash, ReleaseStatus.STAGED,
                now, null, null, null)).released(now);
        if (percent < 100) {
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
        to.putIfAbsent(key, io.otarelease.core.store.Body.of(data));
    }

    /** Copies to production only what it lacks: blobs first, then the signature, the manifest last. */
    int copy(Store from, Store to, StoreLayout layout, String version) {
        if (to.exists(layout.manifest(version))) {
            if (from != null) {
                var staged = from.get(layout.manifest(version));
                var there = to.get(layout.manifest(version)).orElseThrow().bytes();
                if (staged.isPresent() && !java.util.Arrays.equals(staged.get().bytes(), there)) {
                    throw new OtaException.CheckFailed("production " + to.url() + " already holds a different "
                            + "release under version " + version + "; releases are never overwritten: stage the "
                            + "bundle under a new version");
                }
            }
            return 0; // complete there already (the manifest is written last)
        }
        if (from == null) {
            throw new OtaException.BadInput("release " + version + " is not in " + to.url() + "; give --from");
        }
        StoredRelease release = StoredRelease.read(from, layout, version, ctx.trusted());
        Set<String> present = new HashSet<>(to.list(layout.blobsPrefix()));
        List<String> missing = release.blobHashes().stream().map(layout::blob).filter(k -> !present.contains(k))
                .sorted().toList();
        boolean serverSide = to.copiesServerSide(from);
        Parallel.forEach(missing, parallelism, key -> {
            if (serverSide) {
                to.copyIfAbsent(from, key); // bytes never leave the service; they were hash-checked when staged
            } else {
                copyBlobChecked(from, to, key);
            }
        });
        to.copyIfAbsent(from, layout.manifestSignature(version));
        to.copyIfAbsent(from, layout.manifest(version));
        return missing.size();
    }
}
