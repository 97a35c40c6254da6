package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.otarelease.core.testing.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * S3 failures a person fixes by changing configuration exit 2 (not 3, "a retry may help") and say what to check.
 * The real command line against a real S3 endpoint (S3Proxy); the credentials come from the SDK's standard chain
 * (here its system properties), which the tests make wrong or empty.
 */
class S3ConfigurationErrorsTest {
    static S3ProxyServer s3;

    @TempDir
    Path tmp;
    Path www;
    Path keys;
    private final Map<String, String> saved = new HashMap<>();

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start();
        s3.store("ota-present", "apps").close();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @BeforeEach
    void signedBundle() throws Exception {
        www = tmp.resolve("www");
        Files.createDirectories(www);
        Files.writeString(www.resolve("index.html"), "<html>ok</html>");
        keys = tmp.resolve("trusted-keys.json");
        Path pem = tmp.resolve("dev.pem");
        assertThat(CliRun.of("keygen", "--key-id", "dev", "--private-key", pem.toString(), "--trusted-keys",
                keys.toString()).exitCode()).isZero();
        CliRun sign = CliRun.of("sign", www.toString(), "--signer", "file", "--private-key", pem.toString(),
                "--key-id", "dev", "--app-id", "com.example.shop", "--bundle-version", "1.0.0");
        assertThat(sign.exitCode()).as(sign.err()).isZero();
    }

    @org.junit.jupiter.api.AfterEach
    void restoreCredentials() {
        saved.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    private void setProperty(String key, String value) {
        saved.putIfAbsent(key, System.getProperty(key));
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private CliRun stage(String bucket) {
        return CliRun.of("stage", www.toString(), "--store", "s3://" + bucket + "/apps", "--trusted-keys",
                keys.toString(), "--s3-endpoint", s3.endpoint().toString(), "--path-style");
    }

    private CliRun registryList(String bucket) {
        return CliRun.of("registry", "list", "--store", "s3://" + bucket + "/apps", "--app-id", "com.example.shop",
                "--s3-endpoint", s3.endpoint().toString(), "--path-style");
    }

    @Test
    void aMissingBucketIsConfigurationAndNamesTheBucketAndEndpoint() {
        for (CliRun r : new CliRun[] {stage("ota-typo"), registryList("ota-typo")}) {
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains("bucket 'ota-typo' does not exist at S3 endpoint " + s3.endpoint(),
                    "NoSuchBucket", "check the bucket name in the store URL, --s3-region and --s3-endpoint");
            assertThat(r.err().strip().lines()).hasSize(1);
        }
        assertThat(stage("ota-present").exitCode()).isZero(); // the same command with the bucket that exists
    }

    @Test
    void aWrongSecretKeyIsConfigurationAndSaysWhereTheCredentialsCameFrom() {
        setProperty("aws.secretAccessKey", "not-the-secret");
        for (CliRun r : new CliRun[] {stage("ota-present"), registryList("ota-present")}) {
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains("s3://ota-present/apps/", "SignatureDoesNotMatch", "HTTP 403",
                    "the secret access key does not match the access key id",
                    "aws.accessKeyId/aws.secretAccessKey system properties").doesNotContain("not-the-secret");
            assertThat(r.err().strip().lines()).hasSize(1);
        }
    }

    @Test
    void anUnknownAccessKeyIsConfiguration() {
        setProperty("aws.accessKeyId", "AKIAUNKNOWN");
        CliRun r = registryList("ota-present");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("InvalidAccessKeyId", "does not know the access key id",
                "S3 endpoint " + s3.endpoint());
    }

    @Test
    void noCredentialsAtAllIsOneLineNotTheProviderChain() {
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null
                && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null
                && System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") == null
                && System.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == null,
                "this environment provides AWS credentials");
        setProperty("aws.accessKeyId", null);
        setProperty("aws.secretAccessKey", null);
        setProperty("aws.sharedCredentialsFile", tmp.resolve("no-credentials").toString());
        setProperty("aws.configFile", tmp.resolve("no-config").toString());
        setProperty("aws.disableEc2Metadata", "true");
        for (CliRun r : new CliRun[] {stage("ota-present"), registryList("ota-present")}) {
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            assertThat(r.err()).contains("no AWS credentials found", "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
                    "S3 endpoint " + s3.endpoint()).doesNotContain("AwsCredentialsProviderChain", "\tat ");
            assertThat(r.err().strip().lines()).hasSize(1);
        }
    }
}
