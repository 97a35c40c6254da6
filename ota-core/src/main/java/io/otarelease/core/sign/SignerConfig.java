package io.otarelease.core.sign;

import java.nio.file.Path;

/**
 * How to reach a signing key, as a profile, a command line or a Jenkins step describes it. Secrets are never
 * fields here: only the names of the environment variables or files that hold them.
 */
public final class SignerConfig {
    /** file, pkcs11 (and the signers added beside them: remote, kms). */
    public String type;
    public String keyId;
    public String algorithm;

    // file
    public Path privateKey;

    // pkcs11
    public Path pkcs11Config;
    public Path pkcs11Library;
    public Long pkcs11Slot;
    public Integer pkcs11SlotIndex;
    public String keyLabel;
    public String pinEnv;
    public Path pinFile;

    @Override
    public String toString() {
        return "SignerConfig[type=" + type + ", keyId=" + keyId + ", algorithm=" + algorithm + "]";
    }
}
