package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.otarelease.core.sign.SecretRef;
import io.otarelease.core.sign.SignerSpec;
import java.nio.file.Path;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Where a profile's signing key is (the {@code signer} of a profile). Holds only credential ids and paths on the
 * controller, never a secret: PINs, client certificates and AWS keys stay in Jenkins credentials and are resolved for
 * each build. {@link #spec} turns it, with a step call's overrides, into ota-core's {@link SignerSpec}.
 */
public final class OtaSignerSettings implements Describable<OtaSignerSettings> {
    /** The algorithm when neither the profile nor the call names one. */
    static final String DEFAULT_ALGORITHM = "ECDSA_SHA_256";

    private final String type;
    private String keyId;
    private String algorithm;
    private String signerUrl;
    private String clientCertificateCredentialsId;
    private String serverCaCredentialsId;
    private String pinCredentialsId;
    private String awsCredentialsId;
    private String keyLabel;
    private String pkcs11Config;
    private String pkcs11Library;
    private String privateKeyFile;
    private String kmsKey;
    private String awsRegion;
    private String kmsEndpoint;
    private String serverPin;

    /** @param type remote (the signing server; hsm is another name for it), kms, pkcs11, or file (development only) */
    @DataBoundConstructor
    public OtaSignerSettings(String type) {
        this.type = Settings.trim(type);
    }

    public String getType() {
        return type;
    }

    public String getKeyId() {
        return keyId;
    }

    @DataBoundSetter
    public void setKeyId(String keyId) {
        this.keyId = Settings.trim(keyId);
    }

    public String getAlgorithm() {
        return algorithm;
    }

    @DataBoundSetter
    public void setAlgorithm(String algorithm) {
        this.algorithm = Settings.trim(algorithm);
    }

    public String getSignerUrl() {
        return signerUrl;
    }

    @DataBoundSetter
    public void setSignerUrl(String signerUrl) {
        this.signerUrl = Settings.trim(signerUrl);
    }

    public String getClientCertificateCredentialsId() {
        return clientCertificateCredentialsId;
    }

    @DataBoundSetter
    public void setClientCertificateCredentialsId(String id) {
        this.clientCertificateCredentialsId = Settings.trim(id);
    }

    public String getServerCaCredentialsId() {
        return serverCaCredentialsId;
    }

    @DataBoundSetter
    public void setServerCaCredentialsId(String id) {
        this.serverCaCredentialsId = Settings.trim(id);
    }

    public String getPinCredentialsId() {
        return pinCredentialsId;
    }

    @DataBoundSetter
    public void setPinCredentialsId(String id) {
        this.pinCredentialsId = Settings.trim(id);
    }

    public String getAwsCredentialsId() {
        return awsCredentialsId;
    }

    @DataBoundSetter
    public void setAwsCredentialsId(String id) {
        this.awsCredentialsId = Settings.trim(id);
    }

    public String getKeyLabel() {
        return keyLabel;
    }

    @DataBoundSetter
    public void setKeyLabel(String keyLabel) {
        this.keyLabel = Settings.trim(keyLabel);
    }

    public String getPkcs11Config() {
        return pkcs11Config;
    }

    @DataBoundSetter
    public void setPkcs11Config(String pkcs11Config) {
        this.pkcs11Config = Settings.trim(pkcs11Config);
    }

    public String getPkcs11Library() {
        return pkcs11Library;
    }

    @DataBoundSetter
    public void setPkcs11Library(String pkcs11Library) {
        this.pkcs11Library = Settings.trim(pkcs11Library);
    }

    public String getPrivateKeyFile() {
        return privateKeyFile;
    }

    @DataBoundSetter
    public void setPrivateKeyFile(String privateKeyFile) {
        this.privateKeyFile = Settings.trim(privateKeyFile);
    }

    public String getKmsKey() {
        return kmsKey;
    }

    /** @param kmsKey kms: the KMS key id, ARN or alias ({@code alias/ota-release}) */
    @DataBoundSetter
    public void setKmsKey(String kmsKey) {
        this.kmsKey = Settings.trim(kmsKey);
    }

    public String getAwsRegion() {
        return awsRegion;
    }

    @DataBoundSetter
    public void setAwsRegion(String awsRegion) {
        this.awsRegion = Settings.trim(awsRegion);
    }

    public String getKmsEndpoint() {
        return kmsEndpoint;
    }

    /** @param kmsEndpoint kms: an endpoint override (a VPC or FIPS endpoint); empty for the region's */
    @DataBoundSetter
    public void setKmsEndpoint(String kmsEndpoint) {
        this.kmsEndpoint = Settings.trim(kmsEndpoint);
    }

    public String getServerPin() {
        return serverPin;
    }

    /** @param serverPin remote: SHA-256 fingerprint of the signing server's certificate (a public value) */
    @DataBoundSetter
    public void setServerPin(String serverPin) {
        this.serverPin = Settings.trim(serverPin);
    }

    /**
     * The signer of one step call: the profile's settings with the call's values laid over them (null: none). Ids and
     * paths only; the credentials they name are read when the signer opens.
     */
    static SignerSpec spec(OtaSignerSettings profile, OtaSignerSettings call) {
        OtaSignerSettings p = profile != null ? profile : new OtaSignerSettings(null);
        OtaSignerSettings c = call != null ? call : new OtaSignerSettings(null);
        String pkcs11Library = Settings.pick(c.pkcs11Library, p.pkcs11Library);
        String pkcs11Config = Settings.pick(c.pkcs11Config, p.pkcs11Config);
        String privateKeyFile = Settings.pick(c.privateKeyFile, p.privateKeyFile);
        return SignerSpec.builder(SignerSpec.Source.JENKINS)
                .type(Settings.pick(c.type, p.type))
                .keyId(Settings.pick(c.keyId, p.keyId))
                .algorithm(Settings.pick(Settings.pick(c.algorithm, p.algorithm), DEFAULT_ALGORITHM))
                .privateKey(privateKeyFile == null ? null : Path.of(privateKeyFile))
                .pkcs11Config(pkcs11Config == null ? null : Path.of(pkcs11Config))
                .pkcs11Library(pkcs11Library == null ? null : Path.of(pkcs11Library), null, null)
                .keyLabel(Settings.pick(c.keyLabel, p.keyLabel))
                .pin(credential(Settings.pick(c.pinCredentialsId, p.pinCredentialsId), "pinCredentialsId"))
                .signerUrl(Settings.uri(Settings.pick(c.signerUrl, p.signerUrl), "signerUrl"))
                .clientIdentity(credential(Settings.pick(c.clientCertificateCredentialsId,
                        p.clientCertificateCredentialsId), "clientCertificateCredentialsId"), null)
                .serverCa(credential(Settings.pick(c.serverCaCredentialsId, p.serverCaCredentialsId),
                        "serverCaCredentialsId"))
                .serverPin(Settings.pick(c.serverPin, p.serverPin))
                .kms(Settings.pick(c.kmsKey, p.kmsKey), Settings.pick(c.awsRegion, p.awsRegion),
                        Settings.uri(Settings.pick(c.kmsEndpoint, p.kmsEndpoint), "kmsEndpoint"))
                .awsCredentials(credential(Settings.pick(c.awsCredentialsId, p.awsCredentialsId), "awsCredentialsId"))
                .build();
    }

    private static SecretRef credential(String id, String field) {
        return id == null ? null : new SecretRef.Credential(id, field);
    }

    @Override
    public String toString() {
        return "OtaSignerSettings[type=" + type + ", keyId=" + keyId + ", algorithm=" + algorithm + "]";
    }

    @Extension
    @Symbol("signer")
    public static final class DescriptorImpl extends Descriptor<OtaSignerSettings> {
        @POST
        public FormValidation doCheckType(@AncestorInPath Item item, @QueryParameter String value) {
            return FormChecks.form(item, FormChecks.signerType(value, true));
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "OTA signer";
        }

        public ListBoxModel doFillPinCredentialsIdItems(@AncestorInPath Item item,
                @QueryParameter String pinCredentialsId) {
            return CredentialChoices.of(item, pinCredentialsId, CredentialResolver.Kind.SECRET_TEXT);
        }

        public ListBoxModel doFillClientCertificateCredentialsIdItems(@AncestorInPath Item item,
                @QueryParameter String clientCertificateCredentialsId) {
            return CredentialChoices.of(item, clientCertificateCredentialsId, CredentialResolver.Kind.CERTIFICATE);
        }

        public ListBoxModel doFillServerCaCredentialsIdItems(@AncestorInPath Item item,
                @QueryParameter String serverCaCredentialsId) {
            return CredentialChoices.of(item, serverCaCredentialsId, CredentialResolver.Kind.SECRET_FILE,
                    CredentialResolver.Kind.SECRET_TEXT);
        }

        public ListBoxModel doFillAwsCredentialsIdItems(@AncestorInPath Item item,
                @QueryParameter String awsCredentialsId) {
            return CredentialChoices.of(item, awsCredentialsId, CredentialResolver.Kind.AWS);
        }
    }
}
