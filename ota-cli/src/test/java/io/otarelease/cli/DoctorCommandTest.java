package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.core.testing.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Buckets that keep an audit trail: {@code ota doctor} and {@code ota promote} read the production bucket's default
 * encryption and versioning and the staging bucket's encryption, through the real command line, from S3Proxy (which
 * answers GetBucketEncryption and GetBucketVersioning with what was put: none, AES256, aws:kms, Enabled) and from
 * {@link S3SettingsWireServer} for the answers S3Proxy does not give (access denied, not implemented, suspended).
 */
class DoctorCommandTest {
    static S3ProxyServer s3;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start();
        for (String b : List.of("bare-prod", "bare-stg", "kept-prod", "kept-stg", "kms-prod")) {
            s3.store(b, "ota").close();
        }
        try (var c = s3.client()) {
            for (String b : List.of("kept-prod", "kms-prod")) {
                c.putBucketVersioning(r -> r.bucket(b).versioningConfiguration(v -> v.status("Enabled")));
            }
            for (String b : List.of("kept-prod", "kept-stg")) {
                c.putBucketEncryption(r -> r.bucket(b).serverSideEncryptionConfiguration(x -> x.rules(rule -> rule
                        .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AES256)))));
            }
            c.putBucketEncryption(r -> r.bucket("kms-prod").serverSideEncryptionConfiguration(x -> x.rules(rule -> rule
                    .applyServerSideEncryptionByDefault(d -> d.sseAlgorithm(ServerSideEncryption.AWS_KMS)
                            .kmsMasterKeyID("arn:aws:kms:us-east-1:111122223333:key/ota-store")))));
        }
    }

    @AfterAll
    static void stop() {
        s3.close();
    }

    @AfterEach
    void noSessionToken() {
        System.clearProperty("aws.sessionToken");
    }

    static String[] concat(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] p : parts) {
            all.addAll(List.of(p));
        }
        return all.toArray(String[]::new);
    }

    static CliRun doctor(String endpoint, String... args) {
        return CliRun.of(concat(new String[] {"doctor", "--s3-endpoint", endpoint, "--path-style"}, args));
    }

    @Test
    void refuseExitsOneNamingEachBucketAndMissingSettingAndWarnOnlyReports() {
        String[] bare = {"--store", "s3://bare-prod/ota", "--from-store", "s3://bare-stg/ota"};
        CliRun refuse = doctor(s3.endpoint().toString(), concat(bare, new String[] {"--bucket-checks", "refuse"}));
        assertThat(refuse.exitCode()).as(refuse.all()).isEqualTo(1);
        assertThat(refuse.out()).contains("MISSING        production bucket 'bare-prod' default encryption: none; "
                        + "enable SSE-S3 or SSE-KMS: aws s3api put-bucket-encryption --bucket bare-prod",
                "MISSING        production bucket 'bare-prod' versioning: never enabled; enable it",
                "aws s3api put-bucket-versioning --bucket bare-prod --versioning-configuration Status=Enabled",
                "MISSING        staging bucket 'bare-stg' default encryption: none")
                .doesNotContain("staging bucket 'bare-stg' versioning");
        assertThat(refuse.err()).startsWith("ota doctor: refused by --bucket-checks refuse: production bucket "
                + "'bare-prod' default encryption is missing (found none;")
                .contains("production bucket 'bare-prod' versioning is missing (found never enabled;",
                        "staging bucket 'bare-stg' default encryption is missing");
        assertThat(refuse.err().strip().lines()).hasSize(1);

        CliRun warn = doctor(s3.endpoint().toString(), bare);
        assertThat(warn.exitCode()).as(warn.all()).isZero();
        assertThat(warn.out()).contains("MISSING        production bucket 'bare-prod' versioning");
    }

    @Test
    void bucketsWithEncryptionAndVersioningPassEvenWhenRefusing() {
        CliRun r = doctor(s3.endpoint().toString(), "--store", "s3://kept-prod/ota", "--from-store",
                "s3://kept-stg/ota", "--bucket-checks", "refuse");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("OK             production bucket 'kept-prod' default encryption: SSE-S3 (AES256)",
                "OK             production bucket 'kept-prod' versioning: Enabled",
                "OK             staging bucket 'kept-stg' default encryption: SSE-S3 (AES256)")
                .doesNotContain("MISSING", "UNREADABLE");
        CliRun kms = doctor(s3.endpoint().toString(), "--store", "s3://kms-prod/ota", "--bucket-checks", "refuse");
        assertThat(kms.exitCode()).as(kms.all()).isZero();
        assertThat(kms.out()).contains("default encryption: SSE-KMS (aws:kms, key "
                + "arn:aws:kms:us-east-1:111122223333:key/ota-store)");
    }

    @Test
    void fileStoresAreNotApplicable() {
        CliRun r = CliRun.of("doctor", "--store", "file://" + tmp.resolve("prod"), "--from-store",
                "file://" + tmp.resolve("staging"), "--bucket-checks", "refuse");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("NOT APPLICABLE production store file://", "NOT APPLICABLE staging store file://",
                "not an S3 bucket");
    }

    @Test
    void aSettingTheCredentialsMayNotReadIsItsOwnMessage() throws Exception {
        try (S3SettingsWireServer wire = new S3SettingsWireServer()) {
            wire.encryption = S3SettingsWireServer.Answer.error(403, "AccessDenied", "Access Denied");
            wire.versioning = S3SettingsWireServer.Answer.error(403, "AccessDenied", "Access Denied");
            CliRun warn = doctor(wire.endpoint().toString(), "--store", "s3://locked/ota");
            assertThat(warn.exitCode()).as(warn.all()).isZero();
            assertThat(warn.out()).contains("UNREADABLE     production bucket 'locked' default encryption: cannot be "
                    + "read: access denied (AccessDenied, HTTP 403): the credentials need s3:GetEncryptionConfiguration "
                    + "on arn:aws:s3:::locked", "UNREADABLE     production bucket 'locked' versioning: cannot be read: "
                    + "access denied (AccessDenied, HTTP 403): the credentials need s3:GetBucketVersioning");

            CliRun refuse = doctor(wire.endpoint().toString(), "--store", "s3://locked/ota", "--bucket-checks", "refuse");
            assertThat(refuse.exitCode()).as(refuse.all()).isEqualTo(2);
            assertThat(refuse.err()).contains("production bucket 'locked' default encryption cannot be read: access "
                    + "denied", "s3:GetEncryptionConfiguration", "grant that read permission");
            assertThat(refuse.err()).doesNotContain("is missing");
        }
    }

    @Test
    void sseKmsSuspendedVersioningAndAnEndpointWithoutTheCallAsS3AnswersThem() throws Exception {
        try (S3SettingsWireServer wire = new S3SettingsWireServer()) {
            wire.versioning = S3SettingsWireServer.Answer.versioning("Suspended");
            CliRun r = doctor(wire.endpoint().toString(), "--store", "s3://audited/ota", "--bucket-checks", "refuse");
            assertThat(r.exitCode()).as(r.all()).isEqualTo(1);
            assertThat(r.out()).contains("OK             production bucket 'audited' default encryption: SSE-KMS "
                    + "(aws:kms, key arn:aws:kms:eu-west-1:111122223333:key/1234abcd)",
                    "MISSING        production bucket 'audited' versioning: Suspended");
            assertThat(r.err()).contains("production bucket 'audited' versioning is missing (found Suspended;");

            wire.encryption = S3SettingsWireServer.Answer.error(501, "NotImplemented", "not implemented");
            CliRun unanswered = doctor(wire.endpoint().toString(), "--store", "s3://audited/ota");
            assertThat(unanswered.exitCode()).as(unanswered.all()).isZero();
            assertThat(unanswered.out()).contains("UNREADABLE     production bucket 'audited' default encryption: "
                    + "cannot be read: S3 endpoint " + wire.endpoint() + " does not answer GetBucketEncryption "
                    + "(NotImplemented, HTTP 501)");
        }
    }

    @Test
    void aStaticAccessKeyIsAWarningAndASessionTokenIsNot() {
        // S3ProxyServer put a static key into the aws.accessKeyId system property, the first place the SDK looks
        String store = "file://" + tmp.resolve("prod");
        CliRun r = CliRun.of("doctor", "--store", store);
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("WARNING        AWS credentials: a static access key from the aws.accessKeyId "
                + "system property without aws.sessionToken: a long-lived key", "web identity")
                .doesNotContain(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY);

        System.setProperty("aws.sessionToken", "session-token-value");
        CliRun temporary = CliRun.of("doctor", "--store", store);
        assertThat(temporary.out()).contains("OK             AWS credentials: temporary credentials from the "
                + "aws.accessKeyId system property (aws.sessionToken set)").doesNotContain("session-token-value");
    }

    @Test
    void promoteRefusesABucketWithoutAnAuditTrailBeforeWritingAnythingAndWarnsOtherwise() throws Exception {
        Path keys = tmp.resolve("trusted-keys.json");
        Path pem = tmp.resolve("dev.pem");
        assertThat(CliRun.of("keygen", "--key-id", "dev", "--private-key", pem.toString(), "--trusted-keys",
                keys.toString()).exitCode()).isZero();
        Path www = tmp.resolve("www");
        Files.createDirectories(www);
        Files.writeString(www.resolve("index.html"), "<html>audit</html>");
        String[] signer = {"--signer", "file", "--private-key", pem.toString(), "--key-id", "dev"};
        String[] s3Options = {"--s3-endpoint", s3.endpoint().toString(), "--path-style"};
        assertThat(CliRun.of(concat(new String[] {"sign", www.toString(), "--app-id", "com.example.shop",
            "--bundle-version", "1.0.0"}, signer)).exitCode()).isZero();
        CliRun stage = CliRun.of(concat(new String[] {"stage", www.toString(), "--store", "s3://kept-stg/ota",
            "--trusted-keys", keys.toString()}, s3Options));
        assertThat(stage.exitCode()).as(stage.err()).isZero();

        java.util.function.BiFunction<String, String, CliRun> promote = (prod, mode) -> CliRun.of(concat(new String[] {
            "promote", "1.0.0", "--from-store", "s3://kept-stg/ota", "--store", "s3://" + prod + "/ota", "--app-id",
            "com.example.shop", "--percent", "100", "--trusted-keys", keys.toString(), "--bucket-checks", mode},
                s3Options, signer));
        CliRun refused = promote.apply("bare-prod", "refuse");
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(1);
        assertThat(refused.err()).contains("ota promote: refused by --bucket-checks refuse: production bucket "
                + "'bare-prod' default encryption is missing").contains("'bare-prod' versioning is missing");
        try (var c = s3.client()) {
            assertThat(c.listObjectsV2(b -> b.bucket("bare-prod")).contents()).as("nothing written").isEmpty();
        }

        CliRun warned = promote.apply("bare-prod", "warn");
        assertThat(warned.exitCode()).as(warned.all()).isZero();
        assertThat(warned.err()).contains("warning: production bucket 'bare-prod' default encryption: none;",
                "warning: production bucket 'bare-prod' versioning: never enabled;");
        assertThat(warned.out()).contains("promoted com.example.shop 1.0.0");

        CliRun kept = promote.apply("kept-prod", "refuse");
        assertThat(kept.exitCode()).as(kept.all()).isZero();
        assertThat(kept.err()).doesNotContain("warning: production bucket");
    }
}
