package io.otarelease.core.release;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.OtaException;
import io.otarelease.core.registry.RegistryDocument;
import io.otarelease.core.registry.ReleaseEntry;
import io.otarelease.core.registry.ReleaseStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rolls a channel back: a new pointer with a higher sequence serving a known-good release to 100%. Nothing is
 * copied: the target must already be in production with a valid signature and all its blobs, which is checked
 * before anything is written. The release that failed is quarantined (never again a rollback target unless
 * forced); who, why and how long it took are recorded in the registry and the audit log.
 */
public final class Rollback {
    public static final String PREVIOUS = "previous";

    public record Result(String target, String failed, long sequence, Duration storeElapsed, String invalidationId,
                         Duration totalElapsed) {
    }

    private final ReleaseContext ctx;
    private String cdnPathPrefix = "/";
    private Duration waitFor;
    private boolean force;

    public Rollback(ReleaseContext ctx) {
        this.ctx = ctx;
    }

    public Rollback cdnPathPrefix(String p) {
        this.cdnPathPrefix = p;
        return this;
    }

    /** Wait for the CDN invalidation to complete, at most {@code d} (null: do not wait). */
    public Rollback waitFor(Duration d) {
        this.waitFor = d;
        return this;
    }

    /** Allow a quarantined release as the target. */
    public Rollback force(boolean f) {
        this.force = f;
        return this;
    }

    public Result rollback(String to, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new OtaException.BadInput("a rollback needs --reason: the audit log records why");
        }
        long start = System.nanoTime();
        StoreLayout layout = new StoreLayout(ctx.appId());
        ChannelStore channel = ctx.channelStore();
        ChannelStore.State state = channel.read();
        if (!state.exists()) {
            throw new OtaException.BadInput("channel " + ctx.channel() + " has no pointer in " + ctx.production().url()
                    + ": nothing to roll back");
        }
        RegistryDocument registry = ctx.registry().read();
        String target = to == null || to.equals(PREVIOUS) ? previous(state, registry) : ReleaseContext.checkVersion(to);
        String failed = state.pointer().current().version();

        ReleaseEntry entry = registry.find(target).orElse(null);
        if (entry != null && entry.status() == ReleaseStatus.QUARANTINED && !force) {
            throw new OtaException.CheckFailed("release " + target + " is quarantined (" + entry.note() + "); "
                    + "choose another target or add --force");
        }
        StoredRelease release = StoredRelease.read(ctx.production(), layout, target, ctx.trusted());
        release.requireBlobs(ctx.production(), layout);
        String bundleHash = release.manifest().bundleHash();

        long sequence;
        boolean changed;
        if (ChannelStore.matches(state, target, bundleHash, 100)) {
            if (!state.signed()) {
                channel.repairSignature(state, ctx.signing()); // finishing an interrupted rollback
            }
            sequence = state.sequence();
            changed = false;
            // what the interrupted run would have quarantined is still current (or canary) in the registry
            failed = registry.releases().stream().filter(e -> !e.version().equals(target)
                    && (e.status() == ReleaseStatus.CURRENT || e.status() == ReleaseStatus.CANARY))
                    .map(ReleaseEntry::version).findFirst().orElse(null);
        } else {
            ChannelStore.requireSigned(state, "roll back to " + target);
            Instant now = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS);
            ChannelPointer next = new ChannelPointer(ctx.appId(), ctx.channel(), state.sequence() + 1, now,
                    now.plus(ctx.pointerValidity()),
                    new ChannelPointer.Current(target, bundleHash, release.manifest().minNativeVersion(), 100,
                            ChannelStore.newSalt()), null);
            channel.publish(state, next, ctx.signing());
            sequence = next.sequence();
            changed = true;
        }
        String now = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString();
        String failedVersion = failed != null && !failed.equals(target) ? failed : null;
        ctx.registry().update(doc -> apply(doc, target, bundleHash, failedVersion, reason, now));
        Duration storeElapsed = Duration.ofNanos(System.nanoTime() - start);
        // a re-run after a run cut off between the pointer and the audit record writes the record it left out
        if (changed || !AuditLog.recorded(ctx.production(), layout, sequence)) {
            Map<String, Object> audit = new LinkedHashMap<>();
            audit.put("channel", ctx.channel());
            audit.put("version", target);
            audit.put("bundleHash", bundleHash);
            audit.put("percent", 100L);
            if (failedVersion != null) {
                audit.put("quarantined", failedVersion);
            }
            if (changed) {
                audit.put("previousSequence", state.sequence());
            } else {
                audit.put("completedByReRun", true);
            }
            audit.put("reason", reason);
            audit.put("elapsedMs", storeElapsed.toMillis());
            AuditLog.append(ctx.production(), layout, ctx.clock().instant(), sequence, "rollback", ctx.actor(), audit);
        }
        String id = Invalidation.run(ctx, channel, cdnPathPrefix, waitFor, "rolled back channel " + ctx.channel()
                + " to " + target + " (sequence " + sequence + ")");
        return new Result(target, failedVersion, sequence, storeElapsed, id, Duration.ofNanos(System.nanoTime() - start));
    }

    /** The fallback of the pointer when it has one (a canary), else the newest rollback-ready release. */
    static String previous(ChannelStore.State state, RegistryDocument registry) {
        ChannelPointer p = state.pointer();
        boolean interruptedRollback = p.current().percent() == 100 && p.fallback() == null && registry.releases()
                .stream().anyMatch(e -> e.status() == ReleaseStatus.CURRENT && !e.version().equals(p.current().version()));
        if (interruptedRollback) {
            return p.current().version(); // the pointer already moved; the registry has yet to follow
        }
        if (p.fallback() != null && p.current().percent() < 100) {
            return p.fallback().version();
        }
        return registry.releases().stream()
                .filter(r -> r.status() == ReleaseStatus.ROLLBACK_READY && !r.version().equals(p.current().version()))
                .max(Comparator.comparing((ReleaseEntry r) -> r.released() == null ? "" : r.released()))
                .map(ReleaseEntry::version)
                .or(() -> p.fallback() == null ? java.util.Optional.empty() : java.util.Optional.of(p.fallback().version()))
                .orElseThrow(() -> new OtaException.BadInput("no previous release to roll back to: the registry has "
                        + "no rollback-ready release; name one with --to VERSION"));
    }

    static RegistryDocument apply(RegistryDocument doc, String target, String bundleHash, String failed, String reason,
                                  String now) {
        RegistryDocument d = doc;
        for (ReleaseEntry e : doc.releases()) {
            if (e.version().equals(target) || e.version().equals(failed)) {
                continue;
            }
            if (e.status() == ReleaseStatus.CURRENT) {
                d = d.put(e.withStatus(ReleaseStatus.ROLLBACK_READY));
            } else if (e.status() == ReleaseStatus.CANARY) {
                d = d.put(e.retired(ReleaseStatus.ARCHIVED, now, "rolled back"));
            }
        }
        if (failed != null) {
            ReleaseEntry f = d.find(failed).orElse(null);
            if (f != null) {
                d = d.put(f.retired(ReleaseStatus.QUARANTINED, now, reason));
            }
        }
        ReleaseEntry t = d.find(target).orElse(new ReleaseEntry(target, bundleHash, ReleaseStatus.STAGED, null, null,
                null, null)).released(now);
        return d.put(new ReleaseEntry(t.version(), t.bundleHash(), ReleaseStatus.CURRENT, t.staged(), t.released(),
                null, t.note())).applyRetention(now);
    }
}
