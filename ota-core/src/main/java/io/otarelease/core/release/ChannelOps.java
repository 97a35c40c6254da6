package io.otarelease.core.release;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.OtaException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code ota channel show|refresh}: read a pointer with its verification, or re-sign it with a later expiry. */
public final class ChannelOps {
    private ChannelOps() {
    }

    public static ChannelStore.State show(ReleaseContext ctx) {
        ChannelStore.State s = ctx.channelStore().read();
        if (!s.exists()) {
            throw new OtaException.BadInput("channel " + ctx.channel() + " has no pointer in " + ctx.production().url());
        }
        return s;
    }

    /**
     * The same targeting under a new sequence, issued now and valid for {@code ctx.pointerValidity()}. Only a pointer
     * that verifies is refreshed: re-signing unverified content would launder it.
     */
    public static ChannelPointer refresh(ReleaseContext ctx, String cdnPathPrefix) {
        ChannelStore channel = ctx.channelStore();
        ChannelStore.State s = show(ctx);
        ChannelStore.requireSigned(s, "refresh channel " + ctx.channel());
        ChannelPointer p = s.pointer();
        StoreLayout layout = new StoreLayout(ctx.appId());
        if (!AuditLog.recorded(ctx.production(), layout, p.sequence())) {
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
            AuditLog.append(ctx.production(), layout, ctx.clock().instant(), p.sequence(), "unrecorded", ctx.actor(),
                    missing);
        }
        Instant now = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        ChannelPointer next = new ChannelPointer(p.appId(), p.channel(), p.sequence() + 1, now,
                now.plus(ctx.pointerValidity()), p.current(), p.fallback());
        channel.publish(s, next, ctx.signing());
        AuditLog.append(ctx.production(), layout, ctx.clock().instant(), next.sequence(),
                "refresh", ctx.actor(), Map.of("channel", ctx.channel(), "expiresAt", next.expiresAt().toString()));
        Invalidation.run(ctx, channel, cdnPathPrefix, (Duration) null, "refreshed channel " + ctx.channel()
                + " (sequence " + next.sequence() + ")");
        return next;
    }
}
