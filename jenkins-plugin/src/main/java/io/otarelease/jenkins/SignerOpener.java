package io.otarelease.jenkins;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.KmsSigner;
import io.otarelease.core.sign.RemoteSigner;
import io.otarelease.core.sign.Pkcs11Signer;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SignerFactory;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.nio.file.Path;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Opens the signer a {@link SignerSpec} describes, on the controller: keys, PINs and client identities never travel
 * to an agent. One switch per signer type: the remote signing server ({@code hsm}, mTLS with a Certificate
 * credential), AWS KMS ({@code kms}, an AWS credential), a PKCS#11 token ({@code pkcs11}, PIN from Secret text) and a
 * key file ({@code file}, development only).
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
            case "hsm" -> {
                return openRemote(s, secrets, algorithm);
            }
            case "kms" -> {
                if (s.kmsKey() == null) {
                    throw new OtaException.BadInput("the kms signer needs kmsKey: the KMS key id, ARN or alias, "
                            + "e.g. alias/ota-release");
                }
                if (s.awsCredentialsId() == null) {
                    throw new OtaException.BadInput("the kms signer needs awsCredentialsId on the profile's signer "
                            + "(an AWS Credentials credential): the controller's own AWS identity is never used");
                }
                AwsCredentialsProvider aws = secrets.aws(s.awsCredentialsId(), "awsCredentialsId", "the kms signer");
                return KmsSigner.open(s.kmsKey(), s.keyId(), algorithm, s.awsRegion(), uri(s.kmsEndpoint(),
                        "kmsEndpoint"), aws);
            }
            default -> throw new OtaException.BadInput("unknown signer '" + s.type()
                    + "' (expected hsm, kms, pkcs11 or file)");
        }
    }

    /**
     * The signing server over mTLS. RemoteSigner reads its identity and CA from files when it connects, so the
     * credential's key store and the CA are written to a directory only the Jenkins user can read, and removed as
     * soon as the connection is set up (also when it fails).
     */
    private static Signer openRemote(SignerSpec s, SignerSecrets secrets, Algorithm algorithm)
            throws IOException, InterruptedException {
        URI url = uri(s.signerUrl(), "signerUrl");
        if (url == null) {
            throw new OtaException.BadInput("the hsm signer needs signerUrl: the https:// URL of the signing server");
        }
        SignerSecrets.Identity identity = secrets.clientIdentity(s.clientCertificateCredentialsId());
        Path dir = null;
        try {
            byte[] ca = checkCa(secrets.serverCa(s.serverCaCredentialsId()), s.serverCaCredentialsId());
            dir = Files.createTempDirectory("ota-hsm-client-", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path p12 = dir.resolve("client.p12");
            char[] pw = identity.password().reveal();
            try (OutputStream out = Files.newOutputStream(p12)) {
                identity.keyStore().store(out, pw);
            } catch (GeneralSecurityException e) {
                throw new OtaException.BadInput("the client certificate credential "
                        + s.clientCertificateCredentialsId() + " holds a key store that cannot be used: "
                        + e.getMessage(), e);
            } finally {
                Arrays.fill(pw, '\0');
            }
            Path caFile = Files.write(dir.resolve("server-ca.pem"), ca);
            return RemoteSigner.open(RemoteSigner.Options.of(url, p12, identity.password(), caFile, s.serverPin()),
                    s.keyId(), algorithm);
        } finally {
            identity.password().destroy();
            if (dir != null) {
                Files.deleteIfExists(dir.resolve("client.p12"));
                Files.deleteIfExists(dir.resolve("server-ca.pem"));
                Files.deleteIfExists(dir);
            }
        }
    }

    private static final java.util.regex.Pattern FINGERPRINT =
            java.util.regex.Pattern.compile("(?i)(sha256:)?\\s*([0-9a-f]{2}:?){32}");

    /**
     * The server CA must be PEM certificates. A fingerprint alone cannot anchor trust (the connection still needs a
     * CA to check the chain and host name); the content itself is never echoed, it may be a secret.
     */
    static byte[] checkCa(byte[] ca, String id) {
        String text = new String(ca, java.nio.charset.StandardCharsets.US_ASCII).strip();
        if (text.contains("-----BEGIN CERTIFICATE-----")) {
            return ca;
        }
        if (FINGERPRINT.matcher(text).matches()) {
            throw new OtaException.BadInput("credential '" + id + "' (serverCaCredentialsId) holds a certificate "
                    + "fingerprint, not the server CA: put the fingerprint in the profile's serverPin and the CA "
                    + "certificate (PEM) in this credential");
        }
        throw new OtaException.BadInput("credential '" + id + "' (serverCaCredentialsId) holds no PEM certificate "
                + "(-----BEGIN CERTIFICATE-----): it must hold the signing server's CA");
    }

    static URI uri(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            URI u = new URI(value);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new URISyntaxException(value, "not an absolute URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new OtaException.BadInput(field + " \"" + value + "\" is not a URL like https://signer.example:8443");
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
