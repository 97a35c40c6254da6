package io.otarelease.jenkins;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.Pkcs11Signer;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SignerFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Opens the signer a {@link SignerSpec} describes, on the controller: keys, PINs and client identities never travel
 * to an agent. One switch per signer type; the remote signing server ({@code hsm}) and AWS KMS ({@code kms}) plug
 * in here when ota-core has them.
 */
public final class SignerOpener {
    private SignerOpener() {
    }

    public static Signer open(SignerSpec s, SignerSecrets secrets, Consumer<String> warn)
            throws IOException, InterruptedException {
        if (s.type() == null) {
            throw new OtaException.BadInput("no signer: set one on the profile or pass signer: "
                    + "'hsm', 'kms', 'pkcs11' or 'file'");
        }
        if (s.keyId() == null) {
            throw new OtaException.BadInput("the " + s.type() + " signer needs keyId: the key id written into "
                    + "manifest.sig, e.g. ota-2026-a");
        }
        Algorithm algorithm = SignerFactory.algorithm(s.algorithm());
        switch (s.type()) {
            case "pkcs11" -> {
                if (s.keyLabel() == null) {
                    throw new OtaException.BadInput("the pkcs11 signer needs keyLabel: the label of the key in the "
                            + "token");
                }
                Pkcs11Signer.TokenConfig token = tokenOf(s);
                Secret pin = secrets.pin(s.pinCredentialsId());
                try {
                    return Pkcs11Signer.open(token, s.keyLabel(), s.keyId(), algorithm, pin);
                } finally {
                    pin.destroy();
                }
            }
            case "file" -> {
                if (s.privateKeyFile() == null) {
                    throw new OtaException.BadInput("the file signer needs privateKeyFile: a PKCS#8 PEM key on the "
                            + "controller (development only)");
                }
                warn.accept(FileSigner.WARNING);
                return FileSigner.load(Path.of(s.privateKeyFile()), s.keyId(), algorithm);
            }
            case "hsm", "kms" -> throw new OtaException.BadInput("the " + s.type() + " signer is not available in "
                    + "this version of the OTA Release plugin; use pkcs11 (or file for development)");
            default -> throw new OtaException.BadInput("unknown signer '" + s.type()
                    + "' (expected hsm, kms, pkcs11 or file)");
        }
    }

    private static Pkcs11Signer.TokenConfig tokenOf(SignerSpec s) {
        if (s.pkcs11Config() != null) {
            return Pkcs11Signer.TokenConfig.ofFile(Path.of(s.pkcs11Config()));
        }
        if (s.pkcs11Library() != null) {
            return Pkcs11Signer.TokenConfig.ofLibrary(Path.of(s.pkcs11Library()), null, null);
        }
        throw new OtaException.BadInput("the pkcs11 signer needs pkcs11Config (a SunPKCS11 configuration file on "
                + "the controller) or pkcs11Library");
    }
}
