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

    /** What {@code otaRollback} returns (also what the shared library's tests answer for it). */
    public static Map<String, Object> toMap(Rollback.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("appId", r.appId());
        m.put("channel", r.channel());
        m.put("from", r.failed());
        m.put("to", r.target());
        m.put("sequence", r.sequence());
        m.put("elapsedMillis", r.totalElapsed().toMillis());
        m.put("storeElapsedMillis", r.storeElapsed().toMillis());
        m.put("invalidationId", r.invalidationId());
        return m;
    }

    public static Rollback.Result run(ControllerRelease release, Request req, Clock clock, PrintStream log) {
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
            return r;
        }
    }
}
