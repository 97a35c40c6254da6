package io.otarelease.jenkins;

import io.otarelease.core.release.Rollback;
import io.otarelease.core.store.Store;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code otaRollback} on the controller: the channel serves {@code to} ('previous' or a version) at 100%. */
public final class ChannelRollback {
    private ChannelRollback() {
    }

    /**
     * @param to a version, or null for the previous release
     * @param waitForCdn how long to wait for the CDN invalidation, or null not to wait
     */
    public record Request(String to, String reason, boolean force, Duration waitForCdn) {
        String target() {
            return to == null ? Rollback.PREVIOUS : to;
        }
    }

    /** What the rollback did. */
    public record Result(String appId, String channel, Rollback.Result rolledBack) {
        /** What {@code otaRollback} returns (also what the shared library's tests answer for it). */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("appId", appId);
            m.put("channel", channel);
            m.put("from", rolledBack.failed());
            m.put("to", rolledBack.target());
            m.put("sequence", rolledBack.sequence());
            m.put("elapsedMillis", rolledBack.totalElapsed().toMillis());
            m.put("storeElapsedMillis", rolledBack.storeElapsed().toMillis());
            m.put("invalidationId", rolledBack.invalidationId());
            return m;
        }
    }

    public static Result run(ControllerRelease release, Request req, Clock clock, PrintStream log) {
        ReleaseTarget t = release.target();
        String appId = release.where().appId();
        String fn = release.step();
        try (Store prod = release.where().openProduction()) {
            log.println(fn + ": rolling " + appId + " channel " + t.channel() + " on " + prod.url() + " back to "
                    + req.target() + " (" + req.reason() + "), by " + release.actor());
            Rollback.Result r = new Rollback(release.context(prod, clock)).force(req.force())
                    .waitFor(req.waitForCdn()).cdnPathPrefix(t.cdnPrefix()).rollback(req.target(), req.reason());
            log.println(fn + ": " + t.channel() + " serves " + r.target() + " (sequence " + r.sequence() + ")"
                    + (r.failed() == null ? "" : "; quarantined " + r.failed()) + "; store operations "
                    + r.storeElapsed().toMillis() + " ms, " + r.totalElapsed().toMillis() + " ms in all");
            return new Result(appId, t.channel(), r);
        }
    }
}
