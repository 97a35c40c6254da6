package io.otarelease.jenkins;

import hudson.model.TaskListener;
import hudson.remoting.VirtualChannel;
import io.otarelease.client.manifest.Source;
import io.otarelease.core.bundle.ManifestBuilder;
import java.io.File;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs on the agent that holds the bundle: hashes it into canonical manifest bytes. Nothing is written here; the
 * controller signs these exact bytes, then {@link WriteSignedManifest} writes both files.
 */
public final class ComputeManifest extends MasterToSlaveFileCallable<ComputeManifest.Result> {
    private static final long serialVersionUID = 1L;

    private final String appId;
    private final String version;
    private final String minNativeVersion;
    private final String commit;
    private final String ref;
    private final String buildUrl;
    private final String platform;
    private final TaskListener listener;
    private final long progressStep;

    /** @param listener the build log (a remote proxy on an agent), or null for no progress lines */
    public ComputeManifest(String appId, String version, String minNativeVersion, String platform, String commit,
                           String ref, String buildUrl, TaskListener listener, long progressStep) {
        this.platform = platform;
        this.appId = appId;
        this.version = version;
        this.minNativeVersion = minNativeVersion;
        this.commit = commit;
        this.ref = ref;
        this.buildUrl = buildUrl;
        this.listener = listener;
        this.progressStep = progressStep;
    }

    /** The manifest bytes to sign, and the source maps and Cordova platform files that were left out of it. */
    public record Result(byte[] manifest, List<String> skippedSourceMaps, List<String> skippedPlatformFiles)
            implements Serializable {
    }

    @Override
    public Result invoke(File dir, VirtualChannel channel) {
        ManifestBuilder.Result built = new ManifestBuilder().appId(appId).version(version)
                .minNativeVersion(minNativeVersion).platform(platform).source(new Source(commit, ref, buildUrl))
                .progress(listener == null ? bytes -> { } : new BuildLogProgress(listener.getLogger(), progressStep))
                .build(dir.toPath());
        // an ArrayList rather than an immutable copy: remoting's class filter accepts it in either direction
        return new Result(built.manifest().toCanonicalBytes(), new ArrayList<>(built.skippedSourceMaps()),
                new ArrayList<>(built.skippedPlatformFiles()));
    }
}
