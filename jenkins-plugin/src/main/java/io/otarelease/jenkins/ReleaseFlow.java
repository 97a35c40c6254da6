package io.otarelease.jenkins;

import io.otarelease.client.channel.ChannelPointer;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.OtaException;
import io.otarelease.core.canary.CanaryCheck;
import io.otarelease.core.canary.KpiResult;
import io.otarelease.core.canary.MetricSources;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.canary.Verdict;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.cdn.CloudFrontCdn;
import io.otarelease.core.registry.ReleaseEntry;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.ChannelPointers;
import io.otarelease.core.release.ChannelStore;
import io.otarelease.core.release.Percent;
import io.otarelease.core.doctor.BucketChecks;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.release.Rollback;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SigningService;
import io.otarelease.core.store.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the release steps do on the controller, Jenkins-free so it is tested as is: promote to production, roll
 * back, list the registry, run one canary check. Each returns the map the step returns to the Pipeline (plain
 * strings, numbers and lists, which CPS can keep).
 */
public final class ReleaseFlow {
    private ReleaseFlow() {
    }

    /**
     * The channel pointer is signed by the profile's signer; stores, registry and CDN are the target's, the stores
     * opened under the administrator's rules ({@code stores}).
     */
    public static Map<String, Object> promote(ControllerStores stores, ReleaseTarget t, TrustedKeys keys,
                                              Signer signer, Cdn cdn,
                                              String actor, String version, int percent, Duration waitForCdn,
                                              Clock clock, PrintStream log) {
        return promote(stores, t, keys, signer, cdn, actor, version, percent, false, waitForCdn, clock, log,
                BucketChecks.Mode.WARN);
    }

    /**
     * As above, with the profile's {@code bucketChecks} applied before anything is written.
     *
     * @param urgent mark the release urgent in the signed pointer: devices apply it at once, not at next start
     */
    public static Map<String, Object> promote(ControllerStores stores, ReleaseTarget t, TrustedKeys keys,
                                              Signer signer, Cdn cdn,
                                              String actor, String version, int percent, boolean urgent,
                                              Duration waitForCdn, Clock clock, PrintStream log,
                                              BucketChecks.Mode bucketChecks) {
        String appId = t.requireAppId(OtaPromoteStep.FUNCTION_NAME);
        ReleaseContext.checkVersion(version);
        try (Store prod = stores.open(Overrides.PRODUCTION_STORE, t.requireStore("production",
                OtaPromoteStep.FUNCTION_NAME), t.s3());
             Store staging = t.stagingStore() == null ? null
                     : stores.open(Overrides.STAGING_STORE, t.stagingStore(), t.s3())) {
            BucketChecks.enforce(BucketChecks.check(prod, staging), bucketChecks, new java.io.PrintWriter(
                    new java.io.OutputStreamWriter(log, java.nio.charset.StandardCharsets.UTF_8), true),
                    "the profile's bucketChecks:");
            log.println("otaPromote: promoting " + appId + " " + version + " to " + prod.url() + " channel "
                    + t.channel() + " at " + percent + "%" + (urgent ? " (urgent)" : "") + ", pointer signed with "
                    + signer.describe());
            Promoter.Result r = new Promoter(context(t, prod, keys, signer, cdn, actor, clock)).waitFor(waitForCdn)
                    .cdnPathPrefix(t.cdnPrefix()).urgent(urgent)
                    .promote(staging, version, Percent.of(percent, "otaPromote percent"));
            log.println("otaPromote: " + (r.pointerChanged() ? "promoted" : "already promoted") + " " + version
                    + " at " + r.percent() + "% (sequence " + r.sequence() + "), " + r.blobsCopied()
                    + " files copied, previous " + (r.previousVersion() == null ? "none" : r.previousVersion())
                    + (r.invalidationId() == null ? "" : ", CDN invalidation " + r.invalidationId()));
            return promoted(appId, t.channel(), urgent, r);
        }
    }

    /** What {@code otaPromote(to: 'production')} returns (also what the shared library's tests answer for it). */
    public static Map<String, Object> promoted(String appId, String channel, boolean urgent, Promoter.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("to", "production");
        m.put("appId", appId);
        m.put("channel", channel);
        m.put("version", r.version());
        m.put("percent", r.percent().value());
        m.put("urgent", urgent);
        m.put("sequence", r.sequence());
        m.put("pointerChanged", r.pointerChanged());
        m.put("previousVersion", r.previousVersion());
        m.put("filesCopied", r.blobsCopied());
        m.put("invalidationId", r.invalidationId());
        m.put("elapsedMillis", r.elapsed().toMillis());
        return m;
    }

    /** Rolls the channel back to {@code to} ('previous' or a version) at 100%. */
    public static Map<String, Object> rollback(ControllerStores stores, ReleaseTarget t, TrustedKeys keys,
                                               Signer signer, Cdn cdn,
                                               String actor, String to, String reason, boolean force,
                                               Duration waitForCdn, Clock clock, PrintStream log) {
        String appId = t.requireAppId(OtaRollbackStep.FUNCTION_NAME);
        try (Store prod = stores.open(Overrides.PRODUCTION_STORE, t.requireStore("production",
                OtaRollbackStep.FUNCTION_NAME), t.s3())) {
            log.println("otaRollback: rolling " + appId + " channel " + t.channel() + " on " + prod.url() + " back to "
                    + (to == null ? Rollback.PREVIOUS : to) + " (" + reason + "), by " + actor);
            Rollback.Result r = new Rollback(context(t, prod, keys, signer, cdn, actor, clock)).force(force)
                    .waitFor(waitForCdn).cdnPathPrefix(t.cdnPrefix()).rollback(to == null ? Rollback.PREVIOUS : to, reason);
            log.println("otaRollback: " + t.channel() + " serves " + r.target() + " (sequence " + r.sequence() + ")"
                    + (r.failed() == null ? "" : "; quarantined " + r.failed()) + "; store operations "
                    + r.storeElapsed().toMillis() + " ms, " + r.totalElapsed().toMillis() + " ms in all");
            return rolledBack(appId, t.channel(), r);
        }
    }

    /** What {@code otaRollback} returns (also what the shared library's tests answer for it). */
    public static Map<String, Object> rolledBack(String appId, String channel, Rollback.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("appId", appId);
        m.put("channel", channel);
        m.put("from", r.failed());
        m.put("to", r.target());
        m.put("sequence", r.sequence());
        m.put("elapsedMillis", r.totalElapsed().toMillis());
        m.put("storeElapsedMillis", r.storeElapsed().toMillis());
        m.put("invalidationId", r.invalidationId());
        return m;
    }

    /**
     * {@code otaRefresh}: re-signs the channel's pointer with a new expiry when it expires within
     * {@code refreshWithin}, through ota-core's refresh (the pointer must be the one the signed history records last
     * and must not have expired: the same rules as {@code ota channel refresh}). Otherwise changes nothing.
     */
    public static Map<String, Object> refresh(ControllerStores stores, ReleaseTarget t, TrustedKeys keys,
                                              Signer signer, Cdn cdn, String actor, Duration refreshWithin,
                                              Clock clock, PrintStream log) {
        String appId = t.requireAppId(OtaRefreshStep.FUNCTION_NAME);
        try (Store prod = stores.open(Overrides.PRODUCTION_STORE, t.requireStore("production",
                OtaRefreshStep.FUNCTION_NAME), t.s3())) {
            ReleaseContext ctx = context(t, prod, keys, signer, cdn, actor, clock);
            ChannelStore.State state = ChannelPointers.show(ctx);
            ChannelStore.requireSigned(state, "refresh channel " + t.channel());
            ChannelPointer before = state.pointer();
            Duration left = Duration.between(clock.instant(), before.expiresAt());
            if (left.compareTo(refreshWithin) > 0) {
                log.println("otaRefresh: " + t.channel() + " (sequence " + before.sequence() + ") expires at "
                        + before.expiresAt() + ", in " + left.toDays() + " days: not refreshed (refreshes within "
                        + refreshWithin.toDays() + " days)");
                return refreshed(appId, before, false, clock.instant());
            }
            ChannelPointer p = ChannelPointers.refresh(ctx, t.cdnPrefix());
            log.println("otaRefresh: " + t.channel() + " re-signed as sequence " + p.sequence() + ", expires at "
                    + p.expiresAt() + " (was " + before.expiresAt() + "), pointer signed with " + signer.describe());
            return refreshed(appId, p, true, clock.instant());
        }
    }

    /** What {@code otaRefresh} returns (also what the shared library's tests answer for it). */
    public static Map<String, Object> refreshed(String appId, ChannelPointer p, boolean refreshed, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("appId", appId);
        m.put("channel", p.channel());
        m.put("version", p.current().version());
        m.put("percent", p.current().percent());
        m.put("refreshed", refreshed);
        m.put("sequence", p.sequence());
        m.put("expiresAt", p.expiresAt().toString());
        m.put("daysLeft", Duration.between(now, p.expiresAt()).toDays());
        return m;
    }

    /** The registry of the production (or staging) store, newest first. */
    public static List<Map<String, Object>> registry(ControllerStores stores, ReleaseTarget t, String which,
                                                     PrintStream log) {
        String appId = t.requireAppId(OtaRegistryStep.FUNCTION_NAME);
        try (Store store = stores.open(which + "Store", t.requireStore(which, OtaRegistryStep.FUNCTION_NAME),
                t.s3())) {
            List<Map<String, Object>> out = new ArrayList<>();
            for (ReleaseEntry e : new StoreRegistry(store, appId).read().newestFirst()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("version", e.version());
                m.put("status", e.status().label());
                m.put("bundleHash", e.bundleHash());
                m.put("staged", e.staged());
                m.put("released", e.released());
                m.put("retired", e.retired());
                m.put("note", e.note());
                out.add(m);
            }
            log.println("otaRegistry: " + appId + " in " + store.url() + ": " + (out.isEmpty() ? "no releases"
                    : String.join(", ", out.stream().map(m -> m.get("version") + " " + m.get("status")).toList())));
            return out;
        }
    }

    /** The options of one canary check, with the step's defaults applied. */
    public record CanaryRequest(String metrics, String version, String baselineVersion, String window,
                                Long minSessions, int timeoutSeconds) {
    }

    /** One canary check; never throws for FAIL or INSUFFICIENT_DATA (the step decides whether to fail). */
    public static Map<String, Object> canary(CanaryRequest req, Thresholds thresholds, Clock clock, PrintStream log) {
        if (req.metrics() == null) {
            throw new OtaException.BadInput("otaCanary needs metrics: set metricsSource on the profile or pass "
                    + "metrics: (prometheus:URL or json:URL)");
        }
        String spec = req.metrics().startsWith("http://") || req.metrics().startsWith("https://")
                ? "prometheus:" + req.metrics() : req.metrics();
        if (req.timeoutSeconds() < 1 || req.timeoutSeconds() > 300) {
            throw new OtaException.BadInput("otaCanary timeoutSeconds must be between 1 and 300");
        }
        var request = new CanaryCheck.Request(req.version(), req.baselineVersion(),
                req.window() == null ? thresholds.window() : req.window(),
                req.minSessions() == null ? thresholds.minSessions() : req.minSessions());
        Verdict v = new CanaryCheck(MetricSources.parse(spec, Duration.ofSeconds(req.timeoutSeconds())), thresholds,
                clock).check(request);
        v.summary().forEach(line -> log.println("otaCanary: " + line));
        Map<String, Object> kpis = new LinkedHashMap<>();
        for (KpiResult r : v.results()) {
            kpis.put(r.kpi().name(), r.value());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", v.outcome().name());
        m.put("severity", v.severity().label());
        m.put("version", v.version());
        m.put("baselineVersion", v.baselineVersion());
        m.put("window", v.window());
        m.put("sessions", v.sessionCount());
        m.put("kpis", kpis);
        m.put("breaches", new ArrayList<>(v.breaches().stream().map(KpiResult::describe).toList()));
        m.put("warnings", new ArrayList<>(v.warnings().stream().map(KpiResult::describe).toList()));
        return m;
    }

    /** Thresholds YAML read from bytes (Thresholds reads files, so through a private temporary file). */
    public static Thresholds thresholds(byte[] yaml, String what) throws IOException {
        java.nio.file.Path tmp = java.nio.file.Files.createTempFile("ota-thresholds-", ".yaml");
        try {
            java.nio.file.Files.write(tmp, yaml);
            return Thresholds.load(tmp);
        } catch (OtaException.BadInput e) {
            // name what the user wrote, not the temporary copy
            throw new OtaException.BadInput(e.getMessage().replace(tmp.toString(), what), e);
        } finally {
            java.nio.file.Files.deleteIfExists(tmp);
        }
    }

    /**
     * {@code none}/empty, or {@code cloudfront:DISTRIBUTION}; the AWS keys are the profile's CDN credential, which
     * must be named: the controller's own AWS identity is never used.
     */
    public static Cdn openCdn(ReleaseTarget t, SignerSecrets secrets) throws IOException, InterruptedException {
        String spec = t.cdn();
        if (spec == null || spec.equals("none")) {
            return Cdn.NONE;
        }
        if (spec.startsWith("cloudfront:") && spec.length() > "cloudfront:".length()) {
            if (t.cdnCredentialsId() == null) {
                throw new OtaException.BadInput("the cloudfront CDN needs cdnCredentialsId on the profile (an AWS "
                        + "Credentials credential): the controller's own AWS identity is never used");
            }
            return CloudFrontCdn.open(spec.substring("cloudfront:".length()),
                    t.cdnEndpoint() == null ? null : SignerOpener.uri(t.cdnEndpoint(), "cdnEndpoint"), 5,
                    secrets.aws(t.cdnCredentialsId(), "cdnCredentialsId", "the cloudfront CDN"));
        }
        throw new OtaException.BadInput("cdn \"" + spec + "\" is not none or cloudfront:DISTRIBUTION_ID");
    }

    /** Trusted keys from a workspace file's bytes or the profile's trustedKeysContent. */
    public static TrustedKeys trustedKeys(byte[] workspaceFile, String workspacePath, String profileContent,
                                          String step) {
        try {
            if (workspaceFile != null) {
                return TrustedKeys.parse(workspaceFile, workspacePath);
            }
            if (profileContent != null) {
                return TrustedKeys.parse(profileContent.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        "the profile's trustedKeysContent");
            }
        } catch (JsonException e) {
            throw new OtaException.BadInput(e.getMessage(), e);
        }
        throw new OtaException.BadInput(step + " needs the keys devices trust: set trustedKeysContent on the profile "
                + "(the trusted-keys.json the app embeds), or run inside node with trustedKeys: a workspace path");
    }

    private static ReleaseContext context(ReleaseTarget t, Store prod, TrustedKeys keys, Signer signer, Cdn cdn,
                                          String actor, Clock clock) {
        return new ReleaseContext(t.appId(), t.channel(), prod, new StoreRegistry(prod, t.appId()), keys,
                new SigningService(signer, clock), cdn, clock, actor, ReleaseContext.DEFAULT_VALIDITY);
    }
}
