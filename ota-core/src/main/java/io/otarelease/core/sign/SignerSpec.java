package io.otarelease.core.sign;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.core.OtaException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Which signer to open and where its key is: the one shape the CLI's options and a Jenkins profile (with a step
 * call's overrides) both produce. Immutable, checked when built; secrets appear only as {@link SecretRef}s, resolved
 * when {@link SignerFactory} opens the signer. Fields a type does not use are null.
 *
 * @param algorithm null: the one the key decides
 */
public record SignerSpec(SignerType type, String keyId, Algorithm algorithm,
                         Path privateKey,
                         Pkcs11Signer.TokenConfig token, String keyLabel, SecretRef pin,
                         URI signerUrl, SecretRef clientIdentity, SecretRef clientIdentityPassword, SecretRef serverCa,
                         String serverPin,
                         String kmsKey, String awsRegion, URI kmsEndpoint, SecretRef awsCredentials) {

    /**
     * Who writes the settings, so refusals name the option or field the user wrote. Also the one policy that differs:
     * the CLI may use the machine's own AWS identity, a Jenkins controller never lends its own.
     */
    public enum Source {
        CLI, JENKINS;

        String name(String cliOption, String jenkinsField) {
            return this == CLI ? cliOption : jenkinsField;
        }
    }

    public static Builder builder(Source source) {
        return new Builder(source);
    }

    @Override
    public String toString() {
        return "SignerSpec[type=" + type + ", keyId=" + keyId + ", algorithm=" + algorithm + "]";
    }

    /** Collects the settings; {@link #build} checks that the chosen type has what it needs. */
    public static final class Builder {
        private final Source source;
        private String type;
        private String keyId;
        private String algorithm;
        private Path privateKey;
        private Path pkcs11Config;
        private Path pkcs11Library;
        private Long pkcs11Slot;
        private Integer pkcs11SlotIndex;
        private String keyLabel;
        private SecretRef pin;
        private URI signerUrl;
        private SecretRef clientIdentity;
        private SecretRef clientIdentityPassword;
        private SecretRef serverCa;
        private String serverPin;
        private String kmsKey;
        private String awsRegion;
        private URI kmsEndpoint;
        private SecretRef awsCredentials;

        private Builder(Source source) {
            this.source = source;
        }

        /** remote, kms, pkcs11 or file, or an alias ({@link SignerType#parse}). */
        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        public Builder algorithm(String algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        public Builder privateKey(Path privateKey) {
            this.privateKey = privateKey;
            return this;
        }

        public Builder pkcs11Config(Path file) {
            this.pkcs11Config = file;
            return this;
        }

        public Builder pkcs11Library(Path library, Long slot, Integer slotIndex) {
            this.pkcs11Library = library;
            this.pkcs11Slot = slot;
            this.pkcs11SlotIndex = slotIndex;
            return this;
        }

        public Builder keyLabel(String keyLabel) {
            this.keyLabel = keyLabel;
            return this;
        }

        public Builder pin(SecretRef pin) {
            this.pin = pin;
            return this;
        }

        public Builder signerUrl(URI signerUrl) {
            this.signerUrl = signerUrl;
            return this;
        }

        /** @param password the key store's password; null where the identity holds its own (a credential) */
        public Builder clientIdentity(SecretRef identity, SecretRef password) {
            this.clientIdentity = identity;
            this.clientIdentityPassword = password;
            return this;
        }

        public Builder serverCa(SecretRef serverCa) {
            this.serverCa = serverCa;
            return this;
        }

        public Builder serverPin(String serverPin) {
            this.serverPin = serverPin;
            return this;
        }

        public Builder kms(String kmsKey, String awsRegion, URI kmsEndpoint) {
            this.kmsKey = kmsKey;
            this.awsRegion = awsRegion;
            this.kmsEndpoint = kmsEndpoint;
            return this;
        }

        /** Null: the SDK's standard chain (CLI only). */
        public Builder awsCredentials(SecretRef awsCredentials) {
            this.awsCredentials = awsCredentials;
            return this;
        }

        public SignerSpec build() {
            if (blank(type)) {
                throw new OtaException.BadInput(source == Source.CLI
                        ? "no signer chosen (--signer remote|kms|pkcs11|file)"
                        : "no signer: set one on the profile or pass signer: 'remote', 'kms', 'pkcs11' or 'file'");
            }
            SignerType t = SignerType.parse(type, source.name("--signer", "signer"));
            need(t, keyId, source.name("--key-id", "keyId"), "the key id written into signatures, e.g. ota-2026-a");
            Algorithm alg = algorithm == null ? null : SignerFactory.algorithm(algorithm);
            Pkcs11Signer.TokenConfig token = null;
            switch (t) {
                case FILE -> need(t, privateKey, source.name("--private-key", "privateKeyFile"),
                        "a PKCS#8 PEM private key (development only)");
                case PKCS11 -> {
                    need(t, keyLabel, source.name("--key-label", "keyLabel"), "the label of the key in the token");
                    need(t, pkcs11Config != null ? pkcs11Config : pkcs11Library,
                            source.name("--pkcs11-config or --pkcs11-library", "pkcs11Config or pkcs11Library"),
                            "a SunPKCS11 configuration file or the token's PKCS#11 library");
                    token = pkcs11Config != null ? Pkcs11Signer.TokenConfig.ofFile(pkcs11Config)
                            : Pkcs11Signer.TokenConfig.ofLibrary(pkcs11Library, pkcs11Slot, pkcs11SlotIndex);
                    need(t, pin, source.name("--pin-env VAR or --pin-file FILE", "pinCredentialsId"),
                            source.name("the PIN never goes on the command line", "the id of a Secret text "
                                    + "credential holding the token PIN"));
                }
                case REMOTE -> {
                    need(t, signerUrl, source.name("--signer-url", "signerUrl"),
                            "the https:// URL of the signing server");
                    need(t, clientIdentity, source.name("--client-p12", "clientCertificateCredentialsId"),
                            source.name("this client's certificate and key (PKCS#12)",
                                    "the id of a Certificate credential"));
                    if (!(clientIdentity instanceof SecretRef.Credential)) {
                        need(t, clientIdentityPassword, "the PKCS#12 password from --client-p12-password-env VAR or "
                                + "--client-p12-password-file FILE", "it never goes on the command line");
                    }
                    need(t, serverCa, source.name("--server-ca", "serverCaCredentialsId"),
                            source.name("the CA certificate(s) (PEM) the server must chain to", "the id of a Secret "
                                    + "file or Secret text credential holding the signing server's CA (PEM)"));
                }
                case KMS -> {
                    need(t, kmsKey, source.name("--kms-key", "kmsKey"),
                            "the KMS key id, ARN or alias, e.g. alias/ota-release");
                    if (source == Source.JENKINS && awsCredentials == null) {
                        throw new OtaException.BadInput("the kms signer needs awsCredentialsId on the profile's signer "
                                + "(an AWS Credentials credential): the controller's own AWS identity is never "
                                + "used");
                    }
                }
            }
            return new SignerSpec(t, keyId.strip(), alg, privateKey, token, keyLabel, pin, signerUrl,
                    clientIdentity, clientIdentityPassword, serverCa, serverPin, kmsKey, awsRegion, kmsEndpoint,
                    awsCredentials);
        }

        private static void need(SignerType t, Object value, String name, String what) {
            if (value == null || value instanceof String s && s.isBlank()) {
                throw new OtaException.BadInput("the " + t.title() + " signer needs " + name + ": " + what);
            }
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }
    }
}
