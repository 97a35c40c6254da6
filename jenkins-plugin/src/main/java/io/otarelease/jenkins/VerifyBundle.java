package io.otarelease.jenkins;

import hudson.remoting.VirtualChannel;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.BundleVerifier;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerifiedBundle;
import io.otarelease.core.OtaException;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs on the agent: checks a bundle directory exactly as a device does, against a trusted-keys.json in the
 * workspace. A refusal is a result, not an exception, so the step can say why in one line.
 */
public final class VerifyBundle extends MasterToSlaveFileCallable<VerifyBundle.Result> {
    private static final long serialVersionUID = 1L;

    private final String dir;
    private final String trustedKeys;

    /** @param dir and @param trustedKeys are relative to the workspace this runs on (or absolute) */
    public VerifyBundle(String dir, String trustedKeys) {
        this.dir = dir;
        this.trustedKeys = trustedKeys;
    }

    /** Either {@code refusal} is set, or the bundle is valid and the other fields describe it. */
    public record Result(String refusal, String reason, String appId, String version, String bundleHash,
                         String keyId, String algorithm, int fileCount, long totalBytes) implements Serializable {
        static Result refused(VerificationException e) {
            return new Result(e.getMessage(), e.reason().name(), null, null, null, null, null, 0, 0);
        }

        public boolean valid() {
            return refusal == null;
        }
    }

    @Override
    public Result invoke(File workspace, VirtualChannel channel) throws IOException {
        Path keysFile = workspace.toPath().resolve(trustedKeys);
        TrustedKeys keys;
        try {
            keys = TrustedKeys.parse(Files.readAllBytes(keysFile), trustedKeys);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new OtaException.BadInput("trusted keys file " + trustedKeys + " does not exist in the workspace");
        } catch (JsonException e) {
            throw new OtaException.BadInput(e.getMessage(), e);
        }
        try {
            VerifiedBundle v = new BundleVerifier(keys).verify(workspace.toPath().resolve(dir));
            return new Result(null, null, v.manifest().appId(), v.manifest().version(), v.manifest().bundleHash(),
                    v.key().keyId(), v.key().algorithm().name(), v.manifest().files().size(),
                    v.manifest().totalBytes());
        } catch (VerificationException e) {
            return Result.refused(e);
        }
    }
}
