package io.otarelease.core.notify;

import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.Rollback;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Events made from what the release engine returns, so a command or a pipeline step tells the channels with one
 * call after a promotion or a rollback ({@code notifier.send(ReleaseEvents.rolledBack(...))}); the notifier never
 * throws on delivery, so this can follow a rollback without putting it at risk.
 */
public final class ReleaseEvents {
    private ReleaseEvents() {
    }

    /** A promotion: {@code change} is the one-line release note, {@code eta} when it should reach 100%. */
    public static Event released(Promoter.Result r, String change, String eta, Instant at) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("version", r.version());
        f.put("percent", r.percent().toString());
        f.put("change", change);
        f.put("eta", r.percent().isAll() ? "done: every device" : eta);
        f.put("sequence", Long.toString(r.sequence()));
        if (r.previousVersion() != null) {
            f.put("previous", r.previousVersion());
        }
        return Event.of(EventType.RELEASE, r.appId(), at.truncatedTo(ChronoUnit.SECONDS), f);
    }

    /** A rollback: what failed, what serves now, and why. */
    public static Event rolledBack(Rollback.Result r, String reason, String next, Instant at) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("version", r.failed() == null ? "(none quarantined)" : r.failed());
        f.put("target", r.target());
        f.put("reason", reason);
        f.put("next", next);
        f.put("sequence", Long.toString(r.sequence()));
        return Event.of(EventType.ROLLBACK, r.appId(), at.truncatedTo(ChronoUnit.SECONDS), f);
    }
}
