package io.otarelease.jenkins;

import io.otarelease.client.manifest.Manifest;
import io.otarelease.core.OtaException;
import io.otarelease.core.sign.SignerSpec;
import java.util.Map;

/**
 * One {@code otaSign} call with its profile applied: the call's values win, then the profile's, then the build's
 * environment (GIT_COMMIT, TAG_NAME or BRANCH_NAME, BUILD_URL) for the manifest's source fields.
 */
public record SignRequest(String dir, String appId, String version, String minNativeVersion, String sourceCommit,
                          String sourceRef, String buildUrl, SignerSpec signer, String platform) {
    public static final String DEFAULT_DIR = "www";

    /** A request for a bundle that fits every platform. */
    public SignRequest(String dir, String appId, String version, String minNativeVersion, String sourceCommit,
                       String sourceRef, String buildUrl, SignerSpec signer) {
        this(dir, appId, version, minNativeVersion, sourceCommit, sourceRef, buildUrl, signer, null);
    }

    public static SignRequest of(OtaSignStep step, OtaProfile profile, Map<String, String> env) {
        String appId = Settings.pick(step.getAppId(), profile == null ? null : profile.getAppId());
        if (appId == null) {
            throw new OtaException.BadInput("otaSign needs appId: set it on the profile or pass appId:");
        }
        String version = Settings.trim(step.getVersion());
        if (version == null) {
            throw new OtaException.BadInput("otaSign needs version: the bundle version, e.g. version: '3.4.1'");
        }
        OtaSignerSettings profileSigner = profile == null ? null : profile.getSigner();
        // the controller connects to the signing server with the client identity: where is the administrator's call
        Overrides.pick(profile, Overrides.SIGNER_URL, "signerUrl", step.getSignerUrl(),
                profileSigner == null ? null : profileSigner.getSignerUrl());
        String platform = Settings.trim(step.getPlatform());
        if (platform != null && !Manifest.PLATFORMS.contains(platform)) {
            throw new OtaException.BadInput("otaSign platform: must be android or ios (or left out: the bundle fits "
                    + "every platform) but is '" + platform + "'");
        }
        String dir = Settings.pick(step.getDir(), DEFAULT_DIR);
        String ref = Settings.pick(step.getSourceRef(), Settings.pick(env.get("TAG_NAME"), env.get("BRANCH_NAME")));
        return new SignRequest(dir, appId, version, Settings.trim(step.getMinNativeVersion()),
                Settings.pick(step.getSourceCommit(), env.get("GIT_COMMIT")), ref, Settings.trim(env.get("BUILD_URL")),
                OtaSignerSettings.spec(profileSigner, step.signerOverrides()), platform);
    }
}
