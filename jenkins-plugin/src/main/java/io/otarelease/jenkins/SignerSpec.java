package io.otarelease.jenkins;

/**
 * The signer of one step call: the profile's signer settings with the call's overrides applied. Ids and paths
 * only; the secrets they name are fetched when the signer opens.
 */
public record SignerSpec(String type, String keyId, String algorithm, String signerUrl,
                         String clientCertificateCredentialsId, String serverCaCredentialsId, String pinCredentialsId,
                         String awsCredentialsId, String keyLabel, String pkcs11Config, String pkcs11Library,
                         String privateKeyFile, String kmsKey, String awsRegion, String kmsEndpoint,
                         String serverPin) {
    /** The algorithm when neither the profile nor the call names one, as the CLI defaults it. */
    public static final String DEFAULT_ALGORITHM = "ECDSA_SHA_256";

    /** A signer without the kms and hsm-pin fields (pkcs11, file, or hsm without a pin). */
    public SignerSpec(String type, String keyId, String algorithm, String signerUrl,
                      String clientCertificateCredentialsId, String serverCaCredentialsId, String pinCredentialsId,
                      String awsCredentialsId, String keyLabel, String pkcs11Config, String pkcs11Library,
                      String privateKeyFile) {
        this(type, keyId, algorithm, signerUrl, clientCertificateCredentialsId, serverCaCredentialsId,
                pinCredentialsId, awsCredentialsId, keyLabel, pkcs11Config, pkcs11Library, privateKeyFile, null, null,
                null, null);
    }

    static SignerSpec merge(OtaSignerSettings profile, OtaSignerSettings call) {
        OtaSignerSettings p = profile != null ? profile : new OtaSignerSettings(null);
        OtaSignerSettings c = call != null ? call : new OtaSignerSettings(null);
        String algorithm = Settings.pick(c.getAlgorithm(), p.getAlgorithm());
        return new SignerSpec(Settings.pick(c.getType(), p.getType()), Settings.pick(c.getKeyId(), p.getKeyId()),
                algorithm != null ? algorithm : DEFAULT_ALGORITHM, Settings.pick(c.getSignerUrl(), p.getSignerUrl()),
                Settings.pick(c.getClientCertificateCredentialsId(), p.getClientCertificateCredentialsId()),
                Settings.pick(c.getServerCaCredentialsId(), p.getServerCaCredentialsId()),
                Settings.pick(c.getPinCredentialsId(), p.getPinCredentialsId()),
                Settings.pick(c.getAwsCredentialsId(), p.getAwsCredentialsId()),
                Settings.pick(c.getKeyLabel(), p.getKeyLabel()),
                Settings.pick(c.getPkcs11Config(), p.getPkcs11Config()),
                Settings.pick(c.getPkcs11Library(), p.getPkcs11Library()),
                Settings.pick(c.getPrivateKeyFile(), p.getPrivateKeyFile()),
                Settings.pick(c.getKmsKey(), p.getKmsKey()), Settings.pick(c.getAwsRegion(), p.getAwsRegion()),
                Settings.pick(c.getKmsEndpoint(), p.getKmsEndpoint()),
                Settings.pick(c.getServerPin(), p.getServerPin()));
    }
}
