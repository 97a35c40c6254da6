package io.otarelease.core.release;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.OtaException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The upkeep of a channel's stored pointer outside a promotion or rollback ({@code ota channel show|refresh},
 * {@code otaRefresh}): show it, check it against the signed history, and re-sign it with a later expiry.
 */
public final class ChannelPointers {
    private ChannelPointers() {
    }

    public static ChannelStore.State show(ReleaseContext ctx) {
        ChannelStore.State s = ctx.channelStore().read();
        if (!s.exists()) {
            throw new OtaException.BadInput("channel " + ctx.channel() + " has no pointer in " + ctx.production().url());
        }
        return s;
    }

    /**
     * Whether the stored pointer is the one the signed history records last, in one line for {@code ota channel
     * show}; null when it is (the line then names the quarantined releases, if any, via {@link #historyLine}).
     */
    public static String historyProblem(ReleaseContext ctx, ChannelStore.State s) {
        ChannelHistory.Doc doc;
        try {
            doc = new ChannelHistory(ctx).read();
        } catch (OtaException.CheckFailed e) {
            return e.getMessage();
        }
        if (doc.isEmpty()) {
            return "no signed history: start it with 'ota channel refresh --start-history' once you have checked "
                    + "this pointer";
        }
        ChannelHistory.Entry head = doc.head();
        if (!head.pointer().equals(ChannelHistory.digest(s.bytes()))) {
            return "the signed history records sequence " + head.sequence() + " (" + head.pointer() + ", "
                    + head.describe() + ") last, not this pointer";
        }
        return null;
    }

    /** The history line of {@code ota channel show} for a pointer that matches it. */
    public static String historyLine(ReleaseContext ctx) {
        ChannelHistory.Doc doc = new ChannelHistory(ctx).read();
        return "history   " + doc.entries().size() + " entries, last " + doc.head().describe()
                + (doc.quarantined().isEmpty() ? "" : "; quarantined " + String.join(", ", doc.quarantined()));
    }

    /** A routine refresh: the stored pointer must match the signed history and must not have expired. */
    public static ChannelPointer refresh(ReleaseContext ctx, String cdnPathPrefix) {
        return refresh(ctx, cdnPathPrefix, false, false);
    }

    /**
     * The same targeting under a new sequence, issued now and valid for {@code ctx.pointerValidity()}. Only the
     * pointer the signed history records last is refreshed: re-signing anything else (an older pointer a store
     * writer put back) would launder it.
     *
     * @param allowExpired refresh a pointer that has expired (devices refuse it; the operator checked it is still
     *                     the one to serve)
     * @param startHistory start the signed history from the stored pointer when the channel has none (once, for a
     *                     channel published before histories existed)
     */
    public static ChannelPointer refresh(ReleaseContext ctx, String cdnPathPrefix, boolean allowExpired,
                                         boolean startHistory) {
        ChannelStore channel = ctx.channelStore();
        ChannelStore.State s = show(ctx);
        ChannelHistory history = new ChannelHistory(ctx);
        ChannelHistory.Doc signed = history.read();
        if (signed.isEmpty() && startHistory) {
            signed = history.start(s);
        } else if (!signed.isEmpty() && startHistory) {
            throw new OtaException.BadInput("--start-history: channel " + ctx.channel() + " already has a signed "
                    + "history (" + history.key() + ", sequence " + signed.head().sequence() + "); drop the option");
        }
        boolean finished = history.reconcile(signed, channel, s,
                e -> e.action().equals("refresh") || e.action().equals("adopt")) != ChannelHistory.Finished.NOTHING;
        if (finished) {
            s = channel.read();
        }
        ChannelStore.requireSigned(s, "refresh channel " + ctx.channel());
        ChannelPointer p = s.pointer();
        StoreLayout layout = new StoreLayout(ctx.appId());
        if (finished && signed.head().action().equals("refresh")) {
            // a refresh cut off after recording its pointer: publishing the recorded pointer completes it
            if (!ReleaseAuditLog.recorded(ctx.production(), layout, p.sequence(), p.issuedAt())) {
                ReleaseAuditLog.append(ctx.production(), layout, ctx.clock().instant(), p.sequence(), "refresh", ctx.actor(),
                        Map.of("channel", ctx.channel(), "expiresAt", p.expiresAt().toString(), "completedByReRun",
                                true));
            }
            Invalidation.run(ctx, channel, cdnPathPrefix, (Duration) null, "refreshed channel " + ctx.channel()
                    + " (sequence " + p.sequence() + ")");
            return p;
        }
        Instant now = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        if (!p.expiresAt().isAfter(now) && !allowExpired) {
            throw new OtaException.CheckFailed("channel " + ctx.channel() + ": the pointer (sequence " + p.sequence()
                    + ", " + p.current().version() + " at " + p.current().percent() + "%) expired at " + p.expiresAt()
                    + " and devices refuse it. Check with `ota channel show` that it is still what the channel "
                    + "should serve, then refresh it with --allow-expired; nothing was changed");
        }
        if (!ReleaseAuditLog.recorded(ctx.production(), layout, p.sequence(), p.issuedAt())) {
            // the run that published this pointer was cut off before its audit record (a refresh's last write):
            // record what the pointer says before moving on, so no sequence goes unrecorded. Which command it was
            // is not known here, hence the action name.
            Map<String, Object> missing = new LinkedHashMap<>();
            missing.put("channel", ctx.channel());
            missing.put("version", p.current().version());
            missing.put("bundleHash", p.current().bundleHash());
            missing.put("percent", (long) p.current().percent());
            missing.put("expiresAt", p.expiresAt().toString());
            missing.put("completedByReRun", true);
            ReleaseAuditLog.append(ctx.production(), layout, ctx.clock().instant(), p.sequence(), "unrecorded", ctx.actor(),
                    missing);
        }
        ChannelPointer next = new ChannelPointer(p.appId(), p.channel(), p.sequence() + 1, now,
                now.plus(ctx.pointerValidity()), p.current(), p.fallback());
        history.publish(signed, channel, s, next, "refresh", null, null);
        ReleaseAuditLog.append(ctx.production(), layout, ctx.clock().instant(), next.sequence(),
                "refresh", ctx.actor(), Map.of("channel", ctx.channel(), "expiresAt", next.expiresAt().toString()));
        Invalidation.run(ctx, channel, cdnPathPrefix, (Duration) null, "refreshed channel " + ctx.channel()
                + " (sequence " + next.sequence() + ")");
        return next;
    }
}
