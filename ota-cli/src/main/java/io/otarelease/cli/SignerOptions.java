package io.otarelease.cli;

import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SignerConfig;
import io.otarelease.core.sign.SignerFactory;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the signing key is. Secrets (PINs, PKCS#12 passwords) come from an environment variable or a file,
 * never from an argument; AWS credentials from the SDK's standard chain.
 */
final class SignerOptions {
    @Option(names = "--signer", paramLabel = "TYPE",
            description = "file (development only), pkcs11, remote (the ota signing server) or kms (AWS KMS).")
    String type;

    @Option(names = "--key-id", paramLabel = "ID", description = "Key id written into the signature, e.g. ota-2026-a.")
    String keyId;

    @Option(names = "--algorithm", paramLabel = "ALG",
            description = "ECDSA_SHA_256, RSASSA_PKCS1_V1_5_SHA_256 or RSASSA_PSS_SHA_256. Default: the one the key "
                    + "decides (an EC P-256 key: ECDSA_SHA_256); an RSA key fits two, so name the one "
                    + "trusted-keys.json binds to the key id.")
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

    @Option(names = "--signer-url", paramLabel = "URL",
            description = "remote: the signing server, e.g. https://signer.internal:8443.")
    URI signerUrl;

    @Option(names = "--client-p12", paramLabel = "FILE",
            description = "remote: this client's certificate and key (PKCS#12).")
    Path clientP12;

    @Option(names = "--client-p12-password-env", paramLabel = "VAR",
            description = "remote: environment variable holding the PKCS#12 password.")
    String clientP12PasswordEnv;

    @Option(names = "--client-p12-password-file", paramLabel = "FILE",
            description = "remote: file holding the PKCS#12 password.")
    Path clientP12PasswordFile;

    @Option(names = "--server-ca", paramLabel = "FILE",
            description = "remote: CA certificate(s) (PEM) the server must chain to.")
    Path serverCa;

    @Option(names = "--server-pin", paramLabel = "SHA256",
            description = "remote: optional SHA-256 fingerprint the server certificate must have.")
    String serverPin;

    @Option(names = "--kms-key", paramLabel = "KEY", description = "kms: key id, ARN or alias/NAME of the KMS key.")
    String kmsKey;

    @Option(names = "--kms-region", paramLabel = "REGION",
            description = "kms: AWS region (default: the SDK's region chain).")
    String awsRegion;

    @Option(names = "--kms-endpoint", paramLabel = "URL",
            description = "kms: endpoint override (VPC or FIPS endpoint).")
    URI kmsEndpoint;

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
        c.signerUrl = signerUrl;
        c.clientP12 = clientP12;
        c.clientP12PasswordEnv = clientP12PasswordEnv;
        c.clientP12PasswordFile = clientP12PasswordFile;
        c.serverCa = serverCa;
        c.serverPin = serverPin;
        c.kmsKey = kmsKey;
        c.awsRegion = awsRegion;
        c.kmsEndpoint = kmsEndpoint;
        return c;
    }

    Signer open(PrintWriter err) {
        return SignerFactory.open(config(), System.getenv(), line -> {
            err.println(line);
            err.flush();
        });
    }
}
