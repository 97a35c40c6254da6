package io.otarelease.jenkins;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.core.release.ChannelPointers;
import io.otarelease.core.release.ChannelStore;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.store.Store;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code otaRefresh} on the controller: re-signs the channel's pointer with a new expiry when it expires within
 * {@code refreshWithin}, through ota-core's refresh (the pointer must be the one the signed history records last
 * and must not have expired: the same rules as {@code ota channel refresh}). Otherwise changes nothing.
 */
public final class PointerRefresh {
    private PointerRefresh() {
    }

    /** The pointer the channel serves afterwards, whether it was re-signed, and when that was asked. */
    public record Result(String appId, ChannelPointer pointer, boolean refreshed, Instant now) {
        /** What {@code otaRefresh} returns (also what the shared library's tests answer for it). */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("appId", appId);
            m.put("channel", pointer.channel());
            m.put("version", pointer.current().version());
            m.put("percent", pointer.current().percent());
            m.put("refreshed", refreshed);
            m.put("sequence", pointer.sequence());
            m.put("expiresAt", pointer.expiresAt().toString());
            m.put("daysLeft", Duration.between(now, pointer.expiresAt()).toDays());
            return m;
        }
    }

    public static Result run(ControllerRelease release, Duration refreshWithin, Clock clock, PrintStream log) {
        ReleaseTarget t = release.target();
        String appId = release.where().appId();
        String fn = release.step();
        try (Store prod = release.where().openProduction()) {
            ReleaseContext ctx = release.context(prod, clock);
            ChannelStore.State state = ChannelPointers.show(ctx);
            ChannelStore.requireSigned(state, "refresh channel " + t.channel());
            ChannelPointer before = state.pointer();
            Duration left = Duration.between(clock.instant(), before.expiresAt());
            if (left.compareTo(refreshWithin) > 0) {
                log.println(fn + ": " + t.channel() + " (sequence " + before.sequence() + ") expires at "
                        + before.expiresAt() + ", in " + left.toDays() + " days: not refreshed (refreshes within "
                        + refreshWithin.toDays() + " days)");
                return new Result(appId, before, false, clock.instant());
            }
            ChannelPointer p = ChannelPointers.refresh(ctx, t.cdnPrefix());
            log.println(fn + ": " + t.channel() + " re-signed as sequence " + p.sequence() + ", expires at "
                    + p.expiresAt() + " (was " + before.expiresAt() + "), pointer signed with "
                    + release.signer().describe());
            return new Result(appId, p, true, clock.instant());
        }
    }
}
