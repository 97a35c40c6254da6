package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.ListBoxModel;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * A named release profile (the same shape as a profile in {@code ota.yaml}): app id, stores, signer, CDN, metrics
 * source, thresholds and notification credentials. Steps name it with {@code profile:}. What makes the controller
 * open a file, a bucket or a URL (stores, metrics source, signer URL) comes from here only, unless the administrator
 * lists the field in {@link #getAllowedOverrides() allowedOverrides}. Holds credential ids only, never secrets.
 */
public final class OtaProfile implements Describable<OtaProfile> {
    private final String name;
    private String appId;
    private String stagingStore;
    private String productionStore;
    private OtaSignerSettings signer;
    private String trustedKeys;
    private String cdn;
    private String cdnCredentialsId;
    private String metricsSource;
    private String thresholdsFile;
    private String notificationCredentialsIds;
    private String s3Endpoint;
    private String s3Region;
    private boolean s3PathStyle;
    private String trustedKeysContent;
    private String thresholdsContent;
    private String cdnEndpoint;
    private String cdnPathPrefix;
    private String s3CredentialsId;
    private String allowedOverrides;
    private String bucketChecks;

    @DataBoundConstructor
    public OtaProfile(String name) {
        this.name = Settings.trim(name);
    }

    public String getName() {
        return name;
    }

    public String getAppId() {
        return appId;
    }

    @DataBoundSetter
    public void setAppId(String appId) {
        this.appId = Settings.trim(appId);
    }

    public String getStagingStore() {
        return stagingStore;
    }

    /** @param stagingStore {@code s3://bucket/prefix} or {@code file:///path} */
    @DataBoundSetter
    public void setStagingStore(String stagingStore) {
        this.stagingStore = Settings.trim(stagingStore);
    }

    public String getProductionStore() {
        return productionStore;
    }

    @DataBoundSetter
    public void setProductionStore(String productionStore) {
        this.productionStore = Settings.trim(productionStore);
    }

    public OtaSignerSettings getSigner() {
        return signer;
    }

    @DataBoundSetter
    public void setSigner(OtaSignerSettings signer) {
        this.signer = signer;
    }

    public String getTrustedKeys() {
        return trustedKeys;
    }

    /** @param trustedKeys workspace path of the trusted-keys.json the app embeds */
    @DataBoundSetter
    public void setTrustedKeys(String trustedKeys) {
        this.trustedKeys = Settings.trim(trustedKeys);
    }

    public String getCdn() {
        return cdn;
    }

    /** @param cdn e.g. {@code cloudfront:E2EXAMPLE}; empty for none */
    @DataBoundSetter
    public void setCdn(String cdn) {
        this.cdn = Settings.trim(cdn);
    }

    public String getCdnCredentialsId() {
        return cdnCredentialsId;
    }

    @DataBoundSetter
    public void setCdnCredentialsId(String cdnCredentialsId) {
        this.cdnCredentialsId = Settings.trim(cdnCredentialsId);
    }

    public String getMetricsSource() {
        return metricsSource;
    }

    /** @param metricsSource e.g. the Prometheus base URL the canary reads KPIs from */
    @DataBoundSetter
    public void setMetricsSource(String metricsSource) {
        this.metricsSource = Settings.trim(metricsSource);
    }

    public String getThresholdsFile() {
        return thresholdsFile;
    }

    @DataBoundSetter
    public void setThresholdsFile(String thresholdsFile) {
        this.thresholdsFile = Settings.trim(thresholdsFile);
    }

    public String getNotificationCredentialsIds() {
        return notificationCredentialsIds;
    }

    /** @param ids comma-separated ids of Secret text credentials holding webhook URLs */
    @DataBoundSetter
    public void setNotificationCredentialsIds(String ids) {
        this.notificationCredentialsIds = Settings.trim(ids);
    }

    public String getS3Endpoint() {
        return s3Endpoint;
    }

    /** @param s3Endpoint an S3-compatible endpoint (MinIO, a VPC endpoint); empty for AWS */
    @DataBoundSetter
    public void setS3Endpoint(String s3Endpoint) {
        this.s3Endpoint = Settings.trim(s3Endpoint);
    }

    public String getS3Region() {
        return s3Region;
    }

    @DataBoundSetter
    public void setS3Region(String s3Region) {
        this.s3Region = Settings.trim(s3Region);
    }

    public boolean isS3PathStyle() {
        return s3PathStyle;
    }

    @DataBoundSetter
    public void setS3PathStyle(boolean s3PathStyle) {
        this.s3PathStyle = s3PathStyle;
    }

    public String getTrustedKeysContent() {
        return trustedKeysContent;
    }

    /**
     * @param json the trusted-keys.json the app embeds (public keys: release and channel key), for the steps that
     *             run without a workspace (otaPromote to production, otaRollback, otaRegistry)
     */
    @DataBoundSetter
    public void setTrustedKeysContent(String json) {
        this.trustedKeysContent = Settings.trim(json);
    }

    public String getCdnEndpoint() {
        return cdnEndpoint;
    }

    /** @param cdnEndpoint an endpoint override of the CDN's API (a private endpoint); empty for AWS */
    @DataBoundSetter
    public void setCdnEndpoint(String cdnEndpoint) {
        this.cdnEndpoint = Settings.trim(cdnEndpoint);
    }

    public String getCdnPathPrefix() {
        return cdnPathPrefix;
    }

    /** @param cdnPathPrefix the CDN path of the production store's root, e.g. {@code /ota/} (default /) */
    @DataBoundSetter
    public void setCdnPathPrefix(String cdnPathPrefix) {
        this.cdnPathPrefix = Settings.trim(cdnPathPrefix);
    }

    public String getS3CredentialsId() {
        return s3CredentialsId;
    }

    /** @param id the AWS credential the controller reaches s3:// stores with (never its own AWS identity) */
    @DataBoundSetter
    public void setS3CredentialsId(String id) {
        this.s3CredentialsId = Settings.trim(id);
    }

    public String getAllowedOverrides() {
        return allowedOverrides;
    }

    /**
     * @param fields comma-separated profile fields a step call may override: any of {@link Overrides#FIELDS}.
     *               Empty (the default): none, the profile decides.
     */
    @DataBoundSetter
    public void setAllowedOverrides(String fields) {
        this.allowedOverrides = Settings.trim(fields);
    }

    /** {@code warn} (also when unset) or {@code refuse}: what otaPromote does about a bucket without an audit trail. */
    public String getBucketChecks() {
        return bucketChecks;
    }

    /**
     * @param mode {@code warn} or {@code refuse}: a production bucket without default encryption or versioning, or
     *             a staging bucket without default encryption, warns in the build log or stops the promotion
     */
    @DataBoundSetter
    public void setBucketChecks(String mode) {
        this.bucketChecks = Settings.trim(mode);
    }

    /** The {@link #getBucketChecks() bucketChecks} mode; anything else is refused naming the field. */
    public io.otarelease.core.doctor.BucketChecks.Mode bucketChecksMode() {
        return switch (bucketChecks == null ? "warn" : bucketChecks) {
            case "warn" -> io.otarelease.core.doctor.BucketChecks.Mode.WARN;
            case "refuse" -> io.otarelease.core.doctor.BucketChecks.Mode.REFUSE;
            default -> throw new io.otarelease.core.OtaException.BadInput("profile '" + name + "': bucketChecks is '"
                    + bucketChecks + "'; expected warn or refuse");
        };
    }

    /** Whether the administrator lets a step call override {@code field} (a name of {@link Overrides#FIELDS}). */
    public boolean allowsOverride(String field) {
        if (allowedOverrides == null) {
            return false;
        }
        for (String f : allowedOverrides.split(",")) {
            if (f.strip().equals(field)) {
                return true;
            }
        }
        return false;
    }

    public String getThresholdsContent() {
        return thresholdsContent;
    }

    /** @param yaml canary thresholds (the thresholds YAML itself), for otaCanary called outside node */
    @DataBoundSetter
    public void setThresholdsContent(String yaml) {
        this.thresholdsContent = Settings.trim(yaml);
    }

    @Override
    public String toString() {
        return "OtaProfile[" + name + ", appId=" + appId + "]";
    }

    @Extension
    @Symbol("otaProfile")
    public static final class DescriptorImpl extends Descriptor<OtaProfile> {
        @NonNull
        @Override
        public String getDisplayName() {
            return "OTA Release profile";
        }

        public ListBoxModel doFillCdnCredentialsIdItems(@AncestorInPath Item item,
                @QueryParameter String cdnCredentialsId) {
            return CredentialChoices.of(item, cdnCredentialsId, CredentialResolver.Kind.AWS);
        }

        public ListBoxModel doFillS3CredentialsIdItems(@AncestorInPath Item item,
                @QueryParameter String s3CredentialsId) {
            return CredentialChoices.of(item, s3CredentialsId, CredentialResolver.Kind.AWS);
        }
    }
}
