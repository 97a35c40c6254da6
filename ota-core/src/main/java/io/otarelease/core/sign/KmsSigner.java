package io.otarelease.core.sign;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.core.OtaException;
import io.otarelease.core.internal.AwsErrors;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SignRequest;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * An asymmetric AWS KMS key ({@code SIGN_VERIFY}). KMS receives only the 32-byte digest ({@code MessageType
 * DIGEST}), and the key never leaves it. Credentials come from the SDK's standard chain (environment, profile,
 * web identity, container or instance role); the region from {@code --kms-region} or the SDK's region chain; the
 * endpoint may be overridden (VPC endpoints, FIPS endpoints, tests).
 *
 * <p>The public key is read with {@code GetPublicKey} when the signer opens, and every signature KMS returns is
 * checked against it before use.
 */
public final class KmsSigner extends KeyBoundSigner {
    private final KmsClient kms;
    private final String kmsKey;

    private KmsSigner(KmsClient kms, String kmsKey, String keyId, Algorithm algorithm, PublicKey publicKey) {
        super(keyId, algorithm, publicKey);
        this.kms = kms;
        this.kmsKey = kmsKey;
    }

    /**
     * @param kmsKey the KMS key id, ARN or alias ("alias/ota-release")
     * @param keyId the key id written into signatures and trusted-keys.json
     * @param region null for the SDK's region chain (AWS_REGION, profile)
     * @param endpoint null for the region's standard endpoint
     */
    public static KmsSigner open(String kmsKey, String keyId, Algorithm algorithm, String region, URI endpoint) {
        return open(kmsKey, keyId, algorithm, region, endpoint, null);
    }

    /**
     * @param credentials where AWS credentials come from (the Jenkins plugin passes those of an AWS credential), or
     *                    null for the SDK's standard chain
     */
    public static KmsSigner open(String kmsKey, String keyId, Algorithm algorithm, String region, URI endpoint,
                                 software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
        KmsClientBuilder b = KmsClient.builder()
                .credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(15)))
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(60))
                        .apiCallAttemptTimeout(Duration.ofSeconds(20)));
        if (region != null) {
            b.region(Region.of(region));
        }
        if (endpoint != null) {
            b.endpointOverride(endpoint);
        }
        KmsClient kms;
        try {
            kms = b.build();
        } catch (SdkClientException e) {
            throw new OtaException.BadInput("cannot set up the AWS KMS client: " + e.getMessage()
                    + " (pass --kms-region or set AWS_REGION)", e);
        }
        try {
            GetPublicKeyResponse r = call(kms, kmsKey, "GetPublicKey", () -> kms.getPublicKey(g -> g.keyId(kmsKey)));
            // decoding needs the key type only; which algorithm it carries is decided below
            Algorithm decodeAs = String.valueOf(r.keySpecAsString()).startsWith("RSA")
                    ? Algorithm.RSASSA_PKCS1_V1_5_SHA_256 : Algorithm.ECDSA_SHA_256;
            PublicKey pub = TrustedKey.decodePublicKey(r.publicKey().asByteArray(), decodeAs);
            Algorithm chosen = KeyAlgorithms.choose(algorithm, pub, "KMS key " + kmsKey);
            if (!r.signingAlgorithmsAsStrings().contains(chosen.name())) {
                throw new OtaException.BadInput("KMS key " + kmsKey + " (" + r.keySpecAsString() + ", usage "
                        + r.keyUsageAsString() + ") cannot sign with " + chosen + "; it offers "
                        + r.signingAlgorithmsAsStrings());
            }
            return new KmsSigner(kms, kmsKey, keyId, chosen, pub);
        } catch (GeneralSecurityException e) {
            kms.close();
            throw new SigningException("KMS returned an unusable public key for " + kmsKey + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            kms.close();
            throw e;
        }
    }

    @Override
    public byte[] signDigest(byte[] sha256) {
        SignRequest req = SignRequest.builder().keyId(kmsKey).message(SdkBytes.fromByteArray(sha256))
                .messageType(MessageType.DIGEST).signingAlgorithm(SigningAlgorithmSpec.fromValue(algorithm().name()))
                .build();
        byte[] signature = call(kms, kmsKey, "Sign", () -> kms.sign(req)).signature().asByteArray();
        try {
            DigestVerification.verify(algorithm(), publicKey(), sha256, signature,
                    "the signature AWS KMS key " + kmsKey + " returned");
        } catch (VerificationException e) {
            throw new SigningException(e.getMessage() + "; it was not used", e);
        }
        return signature;
    }

    /**
     * Maps SDK failures: no or refused credentials, a missing key and KMS refusing the request (4xx, but throttling)
     * are configuration; the rest is infrastructure.
     */
    private static <T> T call(KmsClient kms, String kmsKey, String operation, java.util.function.Supplier<T> op) {
        try {
            return op.get();
        } catch (SdkException e) {
            var config = kms.serviceClientConfiguration();
            String where = config.endpointOverride().map(u -> "KMS endpoint " + u)
                    .orElse("AWS KMS (region " + config.region() + ")");
            OtaException mapped = AwsErrors.describe("AWS KMS " + operation + " on " + kmsKey + " failed",
                    new AwsErrors.Target("KMS key " + kmsKey, where, "--kms-key, --kms-region and --kms-endpoint",
                            config.credentialsProvider()), e, SigningException::new);
            if (mapped.exitCode() == 3 && e instanceof KmsException k && k.statusCode() >= 400 && k.statusCode() < 500
                    && !String.valueOf(k.awsErrorDetails() == null ? "" : k.awsErrorDetails().errorCode())
                            .contains("Throttl")) {
                throw new OtaException.BadInput(mapped.getMessage(), e);
            }
            throw mapped;
        }
    }

    @Override
    public String describe() {
        return "AWS KMS key " + kmsKey + " (key id " + keyId() + ")";
    }

    @Override
    public void close() {
        kms.close();
    }
}
