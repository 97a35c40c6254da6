package io.otarelease.jenkins;

import io.otarelease.client.json.JsonException;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.OtaException;
import io.otarelease.core.store.S3Settings;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Where a release step works: the profile's app, stores, CDN and metrics with the call's overrides applied (stores
 * and metrics source only where the profile allows it, see {@link Overrides}). Plain strings, so it travels to an
 * agent; it holds credential ids, never secrets.
 */
public record ReleaseTarget(String appId, String channel, String stagingStore, String productionStore,
                            String s3Endpoint, String s3Region, boolean s3PathStyle, String cdn,
                            String cdnCredentialsId, String metricsSource, String thresholds, String trustedKeys,
                            String trustedKeysContent, String thresholdsContent, String cdnEndpoint,
                            String cdnPathPrefix, String s3CredentialsId) implements Serializable {
    public static final String DEFAULT_CHANNEL = "production";

    /** App, channel and workspace paths: the call's values win. Stores and metrics: as the profile allows. */
    static ReleaseTarget of(OtaProfile p, ReleaseStep call) {
        boolean none = p == null;
        return new ReleaseTarget(Settings.pick(call.getAppId(), none ? null : p.getAppId()),
                Settings.pick(call.getChannel(), DEFAULT_CHANNEL),
                Overrides.pick(p, Overrides.STAGING_STORE, "stagingStore", call.getStagingStore(),
                        none ? null : p.getStagingStore()),
                Overrides.pick(p, Overrides.PRODUCTION_STORE, "productionStore", call.getProductionStore(),
                        none ? null : p.getProductionStore()),
                none ? null : p.getS3Endpoint(), none ? null : p.getS3Region(), !none && p.isS3PathStyle(),
                none ? null : p.getCdn(), none ? null : p.getCdnCredentialsId(),
                Overrides.pick(p, Overrides.METRICS_SOURCE, "metrics", call.metricsOverride(),
                        none ? null : p.getMetricsSource()),
                none ? null : p.getThresholdsFile(),
                Settings.pick(call.getTrustedKeys(), none ? null : p.getTrustedKeys()),
                none ? null : p.getTrustedKeysContent(), none ? null : p.getThresholdsContent(),
                none ? null : p.getCdnEndpoint(), none ? null : p.getCdnPathPrefix(),
                none ? null : p.getS3CredentialsId());
    }

    /** A target without canary thresholds content, CDN endpoint or S3 credential (the form most tests use). */
    public ReleaseTarget(String appId, String channel, String stagingStore, String productionStore,
                         String s3Endpoint, String s3Region, boolean s3PathStyle, String cdn, String cdnCredentialsId,
                         String metricsSource, String thresholds, String trustedKeys, String trustedKeysContent) {
        this(appId, channel, stagingStore, productionStore, s3Endpoint, s3Region, s3PathStyle, cdn, cdnCredentialsId,
                metricsSource, thresholds, trustedKeys, trustedKeysContent, null, null, null, null);
    }

    /** The CDN path of the store root (default {@code /}): invalidations name the channel objects under it. */
    public String cdnPrefix() {
        return cdnPathPrefix == null ? "/" : cdnPathPrefix;
    }

    public S3Settings s3() {
        URI endpoint = s3Endpoint == null ? null : Settings.uri(s3Endpoint, "s3Endpoint");
        return new S3Settings(endpoint, s3Region, s3PathStyle);
    }

    public String requireAppId(String step) {
        if (appId == null) {
            throw new OtaException.BadInput(step + " needs appId: set it on the profile or pass appId:");
        }
        return appId;
    }

    public String requireStore(String which, String step) {
        String url = which.equals("staging") ? stagingStore : productionStore;
        if (url == null) {
            throw new OtaException.BadInput(step + " needs " + which + "Store: an administrator sets it on the "
                    + "profile (s3://bucket/prefix, or file:///path where allowed)");
        }
        return url;
    }

    /** Trusted keys from a workspace file's bytes (read where the step runs) or the profile's trustedKeysContent. */
    public static TrustedKeys parseTrustedKeys(byte[] workspaceFile, String workspacePath, String profileContent,
                                               String step) {
        try {
            if (workspaceFile != null) {
                return TrustedKeys.parse(workspaceFile, workspacePath);
            }
            if (profileContent != null) {
                return TrustedKeys.parse(profileContent.getBytes(StandardCharsets.UTF_8),
                        "the profile's trustedKeysContent");
            }
        } catch (JsonException e) {
            throw new OtaException.BadInput(e.getMessage(), e);
        }
        throw new OtaException.BadInput(step + " needs the keys devices trust: set trustedKeysContent on the profile "
                + "(the trusted-keys.json the app embeds), or run inside node with trustedKeys: a workspace path");
    }
}
