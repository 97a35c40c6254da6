package io.otarelease.core.release;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.core.OtaException;
import io.otarelease.core.store.StoreLayout;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
        Instant now = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        ChannelPointer next = new ChannelPointer(p.appId(), p.channel(), p.sequence() + 1, now,
                now.plus(ctx.pointerValidity()), p.current(), p.fallback());
        channel.publish(s, next, ctx.signing());
        AuditLog.append(ctx.production(), new StoreLayout(ctx.appId()), ctx.clock().instant(), next.sequence(),
                "refresh", ctx.actor(), Map.of("channel", ctx.channel(), "expiresAt", next.expiresAt().toString()));
        Invalidation.run(ctx, channel, cdnPathPrefix, (Duration) null, "refreshed channel " + ctx.channel()
                + " (sequence " + next.sequence() + ")");
        return next;
    }
}
