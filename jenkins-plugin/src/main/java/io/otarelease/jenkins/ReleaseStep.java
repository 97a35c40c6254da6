package io.otarelease.jenkins;

import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What the release steps share: {@code profile:} and the per-call overrides of the profile's app and channel.
 * Steps that use stores, trusted keys or metrics bind those fields themselves; here they read as "not given".
 */
public abstract class ReleaseStep extends Step {
    private String profile;
    private String appId;
    private String channel;

    public String getProfile() {
        return profile;
    }

    /** Name of an OTA Release profile from Manage Jenkins » System; the other parameters override its fields. */
    @DataBoundSetter
    public void setProfile(String profile) {
        this.profile = Settings.trim(profile);
    }

    public String getAppId() {
        return appId;
    }

    @DataBoundSetter
    public void setAppId(String appId) {
        this.appId = Settings.trim(appId);
    }

    public String getChannel() {
        return channel;
    }

    /** @param channel the channel to change (default production) */
    @DataBoundSetter
    public void setChannel(String channel) {
        this.channel = Settings.trim(channel);
    }

    public String getStagingStore() {
        return null;
    }

    public String getProductionStore() {
        return null;
    }

    public String getTrustedKeys() {
        return null;
    }

    /** The call's metrics source (otaCanary's {@code metrics:}); null for the steps that read no metrics. */
    String metricsOverride() {
        return null;
    }
}
