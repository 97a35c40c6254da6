package io.otarelease.jenkins;

import io.otarelease.core.doctor.BucketChecks;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.store.Store;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code otaPromote(to: 'production')} on the controller: copies the staged release to production and publishes a
 * new channel pointer signed by the profile's signer, after the profile's bucket checks.
 */
public final class ProductionPromotion {
    private ProductionPromotion() {
    }

    /**
     * @param urgent mark the release urgent in the signed pointer: devices apply it at once, not at next start
     * @param waitForCdn how long to wait for the CDN invalidation, or null not to wait
     */
    public record Request(String version, Percent percent, boolean urgent, Duration waitForCdn,
                          BucketChecks.Mode bucketChecks) {
        /** Without waiting for the CDN, bucket checks warning only. */
        public Request(String version, Percent percent, boolean urgent) {
            this(version, percent, urgent, null, BucketChecks.Mode.WARN);
        }
    }

    /** What {@code otaPromote(to: 'production')} returns (also what the shared library's tests answer). */
    public static Map<String, Object> toMap(Promoter.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("to", "production");
        m.put("appId", r.appId());
        m.put("channel", r.channel());
        m.put("version", r.version());
        m.put("percent", r.percent().value());
        m.put("urgent", r.urgent());
        m.put("sequence", r.sequence());
        m.put("pointerChanged", r.pointerChanged());
        m.put("previousVersion", r.previousVersion());
        m.put("filesCopied", r.blobsCopied());
        m.put("invalidationId", r.invalidationId());
        m.put("elapsedMillis", r.elapsed().toMillis());
        return m;
    }

    public static Promoter.Result run(ControllerRelease release, Request req, Clock clock, PrintStream log) {
        ReleaseTarget t = release.target();
        String appId = release.where().appId();
        ReleaseContext.checkVersion(req.version());
        try (Store prod = release.where().openProduction();
             Store staging = t.stagingStore() == null ? null : release.where().open("staging")) {
            BucketChecks.enforce(BucketChecks.check(prod, staging), req.bucketChecks(), new PrintWriter(
                    new OutputStreamWriter(log, StandardCharsets.UTF_8), true), "the profile's bucketChecks:");
            String fn = release.step();
            log.println(fn + ": promoting " + appId + " " + req.version() + " to " + prod.url() + " channel "
                    + t.channel() + " at " + req.percent() + "%" + (req.urgent() ? " (urgent)" : "")
                    + ", pointer signed with " + release.signer().describe());
            Promoter.Result r = new Promoter(release.context(prod, clock)).waitFor(req.waitForCdn())
                    .cdnPathPrefix(t.cdnPrefix()).urgent(req.urgent()).promote(staging, req.version(), req.percent());
            log.println(fn + ": " + (r.pointerChanged() ? "promoted" : "already promoted") + " " + req.version()
                    + " at " + r.percent() + "% (sequence " + r.sequence() + "), " + r.blobsCopied()
                    + " files copied, previous " + (r.previousVersion() == null ? "none" : r.previousVersion())
                    + (r.invalidationId() == null ? "" : ", CDN invalidation " + r.invalidationId()));
            return r;
        }
    }
}
