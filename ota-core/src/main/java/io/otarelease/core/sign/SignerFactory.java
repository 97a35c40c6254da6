package io.otarelease.core.sign;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import java.io.IOException;
import java.util.function.Consumer;

/** Opens the signer a {@link SignerSpec} describes: the one place that turns a signer type into a signer. */
public final class SignerFactory {
    private SignerFactory() {
    }

    /**
     * @param secrets resolves the spec's secret refs (the CLI: environment and files; Jenkins: credentials)
     * @param warn where warnings go (the development-key warning)
     */
    public static Signer open(SignerSpec s, SecretResolver secrets, Consumer<String> warn)
            throws IOException, InterruptedException {
        switch (s.type()) {
            case FILE -> {
                warn.accept(FileSigner.WARNING);
                return FileSigner.load(s.privateKey(), s.keyId(), s.algorithm());
            }
            case PKCS11 -> {
                Secret pin = secrets.text(s.pin());
                try {
                    return Pkcs11Signer.open(s.token(), s.keyLabel(), s.keyId(), s.algorithm(), pin);
                } finally {
                    pin.destroy();
                }
            }
            case REMOTE -> {
                SecretResolver.ClientIdentity identity = secrets.clientIdentity(s.clientIdentity(),
                        s.clientIdentityPassword());
                try {
                    return RemoteSigner.open(RemoteSigner.Options.of(s.signerUrl(), identity.keyStore(),
                            identity.password(), secrets.certificates(s.serverCa()), s.serverPin()), s.keyId(),
                            s.algorithm());
                } finally {
                    identity.password().destroy();
                }
            }
            case KMS -> {
                return KmsSigner.open(s.kmsKey(), s.keyId(), s.algorithm(), s.awsRegion(), s.kmsEndpoint(),
                        secrets.aws(s.awsCredentials()));
            }
            default -> throw new IllegalStateException("no signer for " + s.type());
        }
    }

    public static Algorithm algorithm(String name) {
        if (name == null) {
            throw new OtaException.BadInput("no --algorithm given (RSASSA_PKCS1_V1_5_SHA_256, RSASSA_PSS_SHA_256 or "
                    + "ECDSA_SHA_256)");
        }
        try {
            return Algorithm.parse(name.strip());
        } catch (IllegalArgumentException e) {
            throw new OtaException.BadInput(e.getMessage());
        }
    }
}
