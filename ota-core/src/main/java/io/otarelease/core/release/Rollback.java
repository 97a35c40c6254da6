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

    /**
     * What a rollback did, typed to the edge (the CLI prints it, the Jenkins step turns it into the step's map).
     *
     * @param target the release the channel now serves to every install
     * @param failed the release quarantined by this rollback, or null (none, or a re-run that found it done)
     * @param storeElapsed the store operations alone; {@code totalElapsed} includes the CDN invalidation
     */
    public record Result(String appId, String channel, String target, String failed, long sequence,
                         Duration storeElapsed, String invalidationId, Duration totalElapsed) {
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
        ChannelHistory history = new ChannelHistory(ctx);
        ChannelHistory.Doc signed = history.read();
        boolean byPrevious = to == null || to.equals(PREVIOUS);
        // the stored pointer must be the one the signed history records last; a cut-off rollback re-run with the
        // same target is finished by writing the pointer it recorded
        ChannelStore.State before = state;
        ChannelHistory.Finished done = history.reconcile(signed, channel, state, e -> e.action().equals("rollback")
                && (byPrevious || e.version().equals(to)));
        if (done != ChannelHistory.Finished.NOTHING) {
            state = channel.read();
        }
        if (!state.exists()) {
            throw new OtaException.BadInput("channel " + ctx.channel() + " has no pointer in " + ctx.production().url()
                    + ": nothing to roll back");
        }
        boolean finished = done == ChannelHistory.Finished.POINTER;
        String target = byPrevious ? previous(state, signed, layout) : ReleaseContext.checkVersion(to);
        String failed = state.pointer().current().version();

        if (signed.quarantined().contains(target) && !force) {
            throw new OtaException.CheckFailed("release " + target + " is quarantined (a signed rollback in "
                    + history.key() + " pulled it); choose another target or add --allow-quarantined");
        }
        StoredRelease release = StoredRelease.read(ctx.production(), layout, target, ctx.trusted());
        release.requireBlobs(ctx.production(), layout);
        String bundleHash = release.manifest().bundleHash();

        long sequence;
        boolean changed;
        if (ChannelStore.matches(state, target, bundleHash, Percent.ALL)) {
            if (!state.signed()) {
                channel.repairSignature(state, ctx.signing()); // finishing an interrupted rollback
            }
            sequence = state.sequence();
            changed = finished;
            // what the interrupted run quarantined is in its signed entry
            ChannelHistory.Entry head = signed.head();
            failed = head.action().equals("rollback") && head.version().equals(target) ? head.quarantined() : null;
        } else {
            ChannelStore.requireSigned(state, "roll back to " + target);
            Instant now = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS);
            ChannelPointer next = new ChannelPointer(ctx.appId(), ctx.channel(), state.sequence() + 1, now,
                    now.plus(ctx.pointerValidity()),
                    new ChannelPointer.Current(target, bundleHash, release.manifest().minNativeVersion(),
                            Percent.ALL.value(),
                            ChannelStore.newSalt()), null);
            history.publish(signed, channel, state, next, "rollback", failed.equals(target) ? null : failed, reason);
            sequence = next.sequence();
            changed = true;
        }
        String now = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS).toString();
        String failedVersion = failed != null && !failed.equals(target) ? failed : null;
        ctx.registry().update(doc -> apply(doc, target, bundleHash, failedVersion, reason, now));
        Duration storeElapsed = Duration.ofNanos(System.nanoTime() - start);
        // a re-run after a run cut off between the pointer and the audit record writes the record it left out
        if (changed
                || !ReleaseAuditLog.recorded(ctx.production(), layout, sequence, state.pointer().issuedAt())) {
            Map<String, Object> audit = new LinkedHashMap<>();
            audit.put("channel", ctx.channel());
            audit.put("version", target);
            audit.put("bundleHash", bundleHash);
            audit.put("percent", (long) Percent.ALL.value());
            if (failedVersion != null) {
                audit.put("quarantined", failedVersion);
            }
            if (changed) {
                audit.put("previousSequence", before.sequence());
            } else {
                audit.put("completedByReRun", true);
            }
            audit.put("reason", reason);
            audit.put("elapsedMs", storeElapsed.toMillis());
            ReleaseAuditLog.append(ctx.production(), layout, ctx.clock().instant(), sequence, "rollback", ctx.actor(), audit);
        }
        String id = Invalidation.run(ctx, channel, cdnPathPrefix, waitFor, "rolled back channel " + ctx.channel()
                + " to " + target + " (sequence " + sequence + ")");
        return new Result(ctx.appId(), ctx.channel(), target, failedVersion, sequence, storeElapsed, id,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * The newest release the signed history shows serving the whole channel, other than the one failing now and
     * never a quarantined one. A rollback recorded last whose run was cut off before its audit record (the last
     * store write) is being re-run: its own target.
     */
    static String previous(ReleaseContext ctx, ChannelStore.State state, ChannelHistory.Doc signed, StoreLayout layout) {
        if (signed.isEmpty()) {
            throw new OtaException.BadInput("no previous release to roll back to: channel " + ctx.channel()
                    + " has no signed history; name one with --to-version VERSION");
        }
        ChannelHistory.Entry head = signed.head();
        // the entry is stamped after its pointer was signed and before the audit record: the bounded listing holds
        if (head.action().equals("rollback")
                && !ReleaseAuditLog.recorded(ctx.production(), layout, head.sequence(), java.time.Instant.parse(head.at()))) {
            return head.version();
        }
        return signed.servedToAll(state.pointer().current().version()).map(ChannelPointer.Fallback::version)
                .orElseThrow(() -> new OtaException.BadInput("no previous release to roll back to: the signed history "
                        + "of channel " + ctx.channel() + " shows no other release that served the whole channel; "
                        + "name one with --to-version VERSION"));
    }

    private String previous(ChannelStore.State state, ChannelHistory.Doc signed, StoreLayout layout) {
        return previous(ctx, state, signed, layout);
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
