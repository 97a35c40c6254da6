package io.otarelease.core.sign;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import java.util.Map;
import java.util.function.Consumer;

/** Opens the signer a {@link SignerConfig} describes, with errors that name the missing option. */
public final class SignerFactory {
    private SignerFactory() {
    }

    /**
     * @param env the environment to read secrets from (injected: the CLI passes System.getenv, tests their own)
     * @param warn where warnings go (the development-key warning)
     */
    public static Signer open(SignerConfig c, Map<String, String> env, Consumer<String> warn) {
        if (c.type == null) {
            throw new OtaException.BadInput("no signer chosen (--signer file|pkcs11|remote|kms)");
        }
        String keyId = require(c.keyId, "key-id");
        // null: each signer takes the algorithm its key decides, or names the ones that fit
        Algorithm algorithm = c.algorithm == null ? null : algorithm(c.algorithm);
        switch (c.type) {
            case "file" -> {
                if (c.privateKey == null) {
                    throw new OtaException.BadInput("the file signer needs --private-key");
                }
                warn.accept(FileSigner.WARNING);
                return FileSigner.load(c.privateKey, keyId, algorithm);
            }
            case "pkcs11" -> {
                var token = c.pkcs11Config != null ? Pkcs11Signer.TokenConfig.ofFile(c.pkcs11Config)
                        : Pkcs11Signer.TokenConfig.ofLibrary(c.pkcs11Library, c.pkcs11Slot, c.pkcs11SlotIndex);
                return Pkcs11Signer.open(token, require(c.keyLabel, "key-label"), keyId, algorithm, pin(c, env));
            }
            case "remote" -> {
                RemoteSigner.Options o = RemoteSigner.Options.of(requireValue(c.signerUrl, "signer-url"),
                        requireValue(c.clientP12, "client-p12"), p12Password(c, env),
                        requireValue(c.serverCa, "server-ca"), c.serverPin);
                return RemoteSigner.open(o, keyId, algorithm);
            }
            case "kms" -> {
                return KmsSigner.open(require(c.kmsKey, "kms-key"), keyId, algorithm, c.awsRegion, c.kmsEndpoint);
            }
            default -> throw new OtaException.BadInput("unknown signer \"" + c.type
                    + "\" (expected file, pkcs11, remote or kms)");
        }
    }

    static Secret pin(SignerConfig c, Map<String, String> env) {
        if (c.pinFile != null) {
            return Secret.fromFile(c.pinFile);
        }
        if (c.pinEnv != null) {
            return Secret.fromEnv(env, c.pinEnv);
        }
        throw new OtaException.BadInput("the PKCS#11 PIN must come from --pin-env VAR or --pin-file FILE");
    }

    static Secret p12Password(SignerConfig c, Map<String, String> env) {
        if (c.clientP12PasswordFile != null && c.clientP12PasswordEnv != null) {
            throw new OtaException.BadInput("give the PKCS#12 password with --client-p12-password-env or "
                    + "--client-p12-password-file, not both");
        }
        if (c.clientP12PasswordFile != null) {
            return Secret.fromFile(c.clientP12PasswordFile);
        }
        if (c.clientP12PasswordEnv != null) {
            return Secret.fromEnv(env, c.clientP12PasswordEnv);
        }
        throw new OtaException.BadInput("the remote signer needs the PKCS#12 password from --client-p12-password-env "
                + "VAR or --client-p12-password-file FILE");
    }

    private static <T> T requireValue(T value, String option) {
        if (value == null) {
            throw new OtaException.BadInput("the remote signer needs --" + option);
        }
        return value;
    }

    public static Algorithm algorithm(String name) {
        if (name == null) {
            throw new OtaException.BadInput("no --algorithm given (RSASSA_PKCS1_V1_5_SHA_256, RSASSA_PSS_SHA_256 or "
                    + "ECDSA_SHA_256)");
        }
        try {
            return Algorithm.parse(name);
        } catch (IllegalArgumentException e) {
            throw new OtaException.BadInput(e.getMessage());
        }
    }

    private static String require(String value, String option) {
        if (value == null || value.isBlank()) {
            throw new OtaException.BadInput("missing --" + option);
        }
        return value;
    }
}
