package io.otarelease.core.sign;

import java.nio.file.Path;

/**
 * How to reach a signing key, as a profile, a command line or a Jenkins step describes it. Secrets are never
 * fields here: only the names of the environment variables or files that hold them.
 */
public final class SignerConfig {
    /** file, pkcs11, remote or kms. */
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

    // remote (the ota-signer server over mutual TLS)
    public java.net.URI signerUrl;
    public Path clientP12;
    public String clientP12PasswordEnv;
    public Path clientP12PasswordFile;
    public Path serverCa;
    /** SHA-256 fingerprint of the server certificate (hex, colons allowed), or null for no pin. */
    public String serverPin;

    // kms
    /** KMS key id, ARN or alias. */
    public String kmsKey;
    public String awsRegion;
    public java.net.URI kmsEndpoint;

    @Override
    public String toString() {
        return "SignerConfig[type=" + type + ", keyId=" + keyId + ", algorithm=" + algorithm + "]";
    }
}
