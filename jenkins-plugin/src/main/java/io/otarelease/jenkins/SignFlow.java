package io.otarelease.jenkins;

import hudson.model.TaskListener;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.OtaException;
import io.otarelease.core.bundle.BundleScanner;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SigningService;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code otaSign} does, in order: hash the bundle on the agent, sign the manifest bytes on the controller
 * (the key and its PIN stay there), write and check both files on the agent. Jenkins-free so it is tested as is.
 */
public final class SignFlow {
    private SignFlow() {
    }

    /** What the step returns and the build page shows. */
    public record Outcome(String appId, String version, String bundleHash, String keyId, String algorithm,
                          int fileCount, long totalBytes) {
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("appId", appId);
            m.put("version", version);
            m.put("bundleHash", bundleHash);
            m.put("keyId", keyId);
            m.put("algorithm", algorithm);
            m.put("fileCount", fileCount);
            m.put("totalBytes", totalBytes);
            return m;
        }
    }

    /**
     * @param listener the build log, passed to the agent for progress lines (null: none)
     * @param log the same log on the controller
     */
    public static Outcome run(AgentRunner bundleDir, SignRequest req, Signer signer, Clock clock, TaskListener listener,
                              long progressStep, PrintStream log) throws IOException, InterruptedException {
        log.println("otaSign: hashing " + req.dir() + " on the agent");
        ComputeManifest.Result computed = bundleDir.act(new ComputeManifest(req.appId(), req.version(),
                req.minNativeVersion(), req.platform(), req.sourceCommit(), req.sourceRef(), req.buildUrl(), listener,
                progressStep));
        Manifest manifest = Manifest.parse(computed.manifest());
        for (String map : computed.skippedSourceMaps()) {
            log.println("otaSign: WARNING: source map " + map + " is in the bundle but not in the manifest; "
                    + "remove it before release (the gate refuses source maps)");
        }
        if (!computed.skippedPlatformFiles().isEmpty()) {
            log.println("otaSign: WARNING: " + BundleScanner.platformFilesNote(computed.skippedPlatformFiles()));
        }
        log.println("otaSign: signing manifest.json (" + manifest.version()
                + (manifest.platform() == null ? "" : " for " + manifest.platform()) + ", " + manifest.files().size()
                + " files, " + manifest.totalBytes() + " bytes) with " + signer.describe());
        SignatureEnvelope envelope = new SigningService(signer, clock).sign(computed.manifest(), Manifest.FILE_NAME);
        byte[] key = new TrustedKeys(List.of(signer.trustedKey())).toCanonicalBytes();
        String verifiedHash = bundleDir.act(new WriteSignedManifest(computed.manifest(), envelope.toCanonicalBytes(),
                key));
        if (!verifiedHash.equals(manifest.bundleHash())) {
            throw new OtaException.CheckFailed("the bundle hash on the agent (" + verifiedHash
                    + ") differs from the one signed (" + manifest.bundleHash() + ")");
        }
        log.println("otaSign: wrote manifest.json and manifest.sig; bundleHash " + manifest.bundleHash());
        return new Outcome(manifest.appId(), manifest.version(), manifest.bundleHash(), envelope.keyId(),
                envelope.algorithm().name(), manifest.files().size(), manifest.totalBytes());
    }
}
