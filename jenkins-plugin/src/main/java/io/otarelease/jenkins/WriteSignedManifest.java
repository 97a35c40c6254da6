package io.otarelease.jenkins;

import hudson.remoting.VirtualChannel;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.BundleVerifier;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.core.OtaException;
import io.otarelease.core.bundle.BundleSigner;
import io.otarelease.core.io.AtomicFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs on the agent: writes manifest.json then manifest.sig (each atomically), then checks the bundle exactly as a
 * device would with the signer's public key. A bundle that changed after it was hashed fails that check; both files
 * are then removed, so the workspace never holds a signature that no device would accept.
 */
public final class WriteSignedManifest extends MasterToSlaveFileCallable<String> {
    private static final long serialVersionUID = 1L;

    private final byte[] manifest;
    private final byte[] signature;
    private final byte[] trustedKey;

    /** @param trustedKey the signer's public key as a one-key trusted-keys.json */
    public WriteSignedManifest(byte[] manifest, byte[] signature, byte[] trustedKey) {
        this.manifest = manifest.clone();
        this.signature = signature.clone();
        this.trustedKey = trustedKey.clone();
    }

    /** @return the bundle hash of the verified bundle */
    @Override
    public String invoke(File dir, VirtualChannel channel) throws IOException {
        Path d = dir.toPath();
        AtomicFiles.write(d.resolve(Manifest.FILE_NAME), manifest);
        AtomicFiles.write(d.resolve(BundleSigner.SIGNATURE_FILE), signature);
        try {
            return new BundleVerifier(TrustedKeys.parse(trustedKey, "signer key")).verify(d).manifest().bundleHash();
        } catch (VerificationException e) {
            Files.deleteIfExists(d.resolve(BundleSigner.SIGNATURE_FILE));
            Files.deleteIfExists(d.resolve(Manifest.FILE_NAME));
            throw new OtaException.CheckFailed("the signed bundle in " + d + " does not verify (" + e.getMessage()
                    + "); did a file change while it was being signed? manifest.json and manifest.sig were removed");
        }
    }
}
