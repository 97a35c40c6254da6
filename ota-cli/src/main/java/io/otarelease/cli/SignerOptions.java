package io.otarelease.cli;

import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SignerConfig;
import io.otarelease.core.sign.SignerFactory;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the signing key is. Secrets (PINs) come from --pin-env or --pin-file, never from an argument. */
final class SignerOptions {
    @Option(names = "--signer", paramLabel = "TYPE", description = "file (development only) or pkcs11.")
    String type;

    @Option(names = "--key-id", paramLabel = "ID", description = "Key id written into the signature, e.g. ota-2026-a.")
    String keyId;

    @Option(names = "--algorithm", paramLabel = "ALG", defaultValue = "ECDSA_SHA_256",
            description = "RSASSA_PKCS1_V1_5_SHA_256, RSASSA_PSS_SHA_256 or ECDSA_SHA_256 (default: ${DEFAULT-VALUE}).")
    String algorithm;

    @Option(names = "--private-key", paramLabel = "FILE", description = "file signer: PKCS#8 PEM private key.")
    Path privateKey;

    @Option(names = "--pkcs11-config", paramLabel = "FILE", description = "pkcs11: a SunPKCS11 configuration file.")
    Path pkcs11Config;

    @Option(names = "--pkcs11-library", paramLabel = "SO",
            description = "pkcs11: the token's PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so.")
    Path pkcs11Library;

    @Option(names = "--pkcs11-slot", paramLabel = "ID", description = "pkcs11: slot id.")
    Long slot;

    @Option(names = "--pkcs11-slot-index", paramLabel = "N", description = "pkcs11: slot list index (default 0).")
    Integer slotIndex;

    @Option(names = "--key-label", paramLabel = "LABEL", description = "pkcs11: label of the key in the token.")
    String keyLabel;

    @Option(names = "--pin-env", paramLabel = "VAR", description = "pkcs11: environment variable holding the PIN.")
    String pinEnv;

    @Option(names = "--pin-file", paramLabel = "FILE", description = "pkcs11: file holding the PIN.")
    Path pinFile;

    SignerConfig config() {
        SignerConfig c = new SignerConfig();
        c.type = type;
        c.keyId = keyId;
        c.algorithm = algorithm;
        c.privateKey = privateKey;
        c.pkcs11Config = pkcs11Config;
        c.pkcs11Library = pkcs11Library;
        c.pkcs11Slot = slot;
        c.pkcs11SlotIndex = slotIndex;
        c.keyLabel = keyLabel;
        c.pinEnv = pinEnv;
        c.pinFile = pinFile;
        return c;
    }

    Signer open(PrintWriter err) {
        return SignerFactory.open(config(), System.getenv(), line -> {
            err.println(line);
            err.flush();
        });
    }
}
