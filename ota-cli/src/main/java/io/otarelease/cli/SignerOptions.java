package io.otarelease.cli;

import io.otarelease.core.OtaException;
import io.otarelease.core.sign.LocalSecrets;
import io.otarelease.core.sign.SecretRef;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SignerFactory;
import io.otarelease.core.sign.SignerSpec;
import java.io.IOException;
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
            description = "remote (the ota signing server; hsm is another name for it), kms (AWS KMS), pkcs11 or "
                    + "file (development only).")
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

    /** The spec these options describe, checked; refusals name the options. */
    SignerSpec spec() {
        return SignerSpec.builder(SignerSpec.Source.CLI).type(type).keyId(keyId).algorithm(algorithm)
                .privateKey(privateKey)
                .pkcs11Config(pkcs11Config).pkcs11Library(pkcs11Library, slot, slotIndex).keyLabel(keyLabel)
                .pin(oneOf(pinEnv, "--pin-env", pinFile, "--pin-file", "the PKCS#11 PIN"))
                .signerUrl(signerUrl)
                .clientIdentity(clientP12 == null ? null : new SecretRef.File(clientP12, "--client-p12"),
                        oneOf(clientP12PasswordEnv, "--client-p12-password-env", clientP12PasswordFile,
                                "--client-p12-password-file", "the PKCS#12 password"))
                .serverCa(serverCa == null ? null : new SecretRef.File(serverCa, "--server-ca")).serverPin(serverPin)
                .kms(kmsKey, awsRegion, kmsEndpoint)
                .build();
    }

    /** A secret from an environment variable or a file, not both. */
    private static SecretRef oneOf(String env, String envOption, Path file, String fileOption, String what) {
        if (env != null && file != null) {
            throw new OtaException.BadInput("give " + what + " with " + envOption + " or " + fileOption + ", not both");
        }
        return env != null ? new SecretRef.Env(env, envOption)
                : file != null ? new SecretRef.File(file, fileOption) : null;
    }

    Signer open(PrintWriter err) {
        try {
            return SignerFactory.open(spec(), new LocalSecrets(System.getenv()), line -> {
                err.println(line);
                err.flush();
            });
        } catch (IOException e) {
            throw new OtaException.Infrastructure("cannot open the signer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OtaException.Infrastructure("interrupted while opening the signer", e);
        }
    }
}
