package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.testing.CloudFrontWireServer;
import io.otarelease.core.testing.FakeKms;
import io.otarelease.core.testing.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy {@code ota iam-policy ROLE} prints is what the role really needs: every AWS call the production code
 * makes for the role (stores on S3Proxy, KMS and CloudFront on local servers speaking their wire protocols, each
 * call recorded by {@link AwsCallRecorder} from inside the SDK) is allowed by the printed policy, and every grant of
 * the policy is used by at least one of those calls. Runs the real command line for both.
 */
class IamPolicyCommandTest {
    static final String APP = "com.example.shop";
    static final String KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/ota-release-1";
    static final String DISTRIBUTION = "E1A2B3C4D5E6F7";
    static S3ProxyServer s3;
    static FakeKms kms;
    static CloudFrontWireServer cloudFront;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start();
        kms = FakeKms.start(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, "us-east-1");
        kms.addKey("ota-release-1", null, KeyGen.generate(Algorithm.ECDSA_SHA_256), "ECC_NIST_P256",
                Algorithm.ECDSA_SHA_256);
        cloudFront = new CloudFrontWireServer();
        s3.store("acme-staging", "ota").close();
        s3.store("acme-prod", "ota").close();
    }

    @AfterAll
    static void stop() {
        cloudFront.close();
        kms.close();
        s3.close();
    }

    static String[] kmsSigner() {
        return new String[] {"--signer", "kms", "--kms-key", KEY_ARN, "--kms-region", "us-east-1", "--kms-endpoint",
            kms.endpoint().toString(), "--key-id", "ota-kms", "--algorithm", "ECDSA_SHA_256"};
    }

    static String[] s3Options() {
        return new String[] {"--s3-endpoint", s3.endpoint().toString(), "--path-style"};
    }

    static String[] cdn() {
        return new String[] {"--cdn", "cloudfront", "--cdn-distribution", DISTRIBUTION, "--cdn-endpoint",
            cloudFront.endpoint().toString(), "--wait"};
    }

    static String[] concat(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] p : parts) {
            all.addAll(List.of(p));
        }
        return all.toArray(String[]::new);
    }

    static void ok(String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    }

    Path keys() {
        Path keys = tmp.resolve("trusted-keys.json");
        if (!Files.exists(keys)) {
            ok(concat(new String[] {"keys", "export", "--trusted-keys", keys.toString()}, kmsSigner()));
        }
        return keys;
    }

    /** ci: sign with KMS and stage, for two versions and a re-run. */
    void stageVersion(String version, String store) throws Exception {
        Path www = tmp.resolve("www-" + version);
        Files.createDirectories(www.resolve("js"));
        Files.writeString(www.resolve("index.html"), "<html>" + version + "</html>");
        Files.writeString(www.resolve("js/app.js"), "console.log('shared');");
        ok(concat(new String[] {"sign", www.toString(), "--app-id", APP, "--bundle-version", version}, kmsSigner()));
        ok(concat(new String[] {"stage", www.toString(), "--store", store, "--trusted-keys", keys().toString()},
                s3Options()));
    }

    void promote(String version, int percent, String prod) {
        ok(concat(new String[] {"promote", version, "--from-store", "s3://acme-staging/ota", "--store", prod,
            "--app-id", APP, "--percent", String.valueOf(percent), "--trusted-keys", keys().toString()},
                s3Options(), kmsSigner(), cdn()));
    }

    static Policy policy(String role, String... scope) throws Exception {
        CliRun r = CliRun.of(concat(new String[] {"iam-policy", role, "--app-id", APP}, scope));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return Policy.parse(new ObjectMapper().readTree(r.out()));
    }

    @Test
    void theCiPolicyAllowsExactlyWhatSigningAndStagingDo() throws Exception {
        keys();
        AwsCallRecorder.start();
        stageVersion("1.0.0", "s3://acme-staging/ci");
        ok(concat(new String[] {"stage", tmp.resolve("www-1.0.0").toString(), "--store", "s3://acme-staging/ci",
            "--trusted-keys", keys().toString()}, s3Options())); // a re-run
        stageVersion("1.1.0", "s3://acme-staging/ci");
        List<AwsCallRecorder.Call> calls = AwsCallRecorder.stop();
        Policy p = policy("ci", "--from-store", "s3://acme-staging/ci", "--kms-key", KEY_ARN);
        p.assertAllowsExactly(calls);
        assertThat(p.actions()).containsExactlyInAnyOrder("s3:GetObject", "s3:PutObject", "s3:ListBucket",
                "kms:Sign", "kms:GetPublicKey");
    }

    @Test
    void thePromoterAndRollbackPoliciesAllowExactlyWhatPromotionAndRollbackDo() throws Exception {
        String prod = "s3://acme-prod/ota";
        stageVersion("2.0.0", "s3://acme-staging/ota");
        stageVersion("2.1.0", "s3://acme-staging/ota");
        AwsCallRecorder.start();
        promote("2.0.0", 5, prod);        // the app's first release: lists production's blobs
        promote("2.0.0", 5, prod);        // a re-run: looks for its audit record
        promote("2.0.0", 100, prod);
        promote("2.1.0", 100, prod);      // only what 2.1.0 adds is copied
        List<AwsCallRecorder.Call> promotion = AwsCallRecorder.stop();
        String[] scope = {"--store", prod, "--from-store", "s3://acme-staging/ota", "--kms-key", KEY_ARN,
            "--cdn-distribution", DISTRIBUTION};
        Policy promoter = policy("promoter", scope);
        promoter.assertAllowsExactly(promotion);

        AwsCallRecorder.start();
        ok(concat(new String[] {"rollback", "--store", prod, "--app-id", APP, "--reason", "crash-free 97%",
            "--trusted-keys", keys().toString()}, s3Options(), kmsSigner(), cdn()));
        List<AwsCallRecorder.Call> rollback = AwsCallRecorder.stop();
        Policy rollbackPolicy = policy("rollback", "--store", prod, "--kms-key", KEY_ARN, "--cdn-distribution",
                DISTRIBUTION);
        rollbackPolicy.assertAllowsExactly(rollback);

        // the check can say no: rollback's policy does not let a job promote (no copy, no blobs, no lease)
        assertThat(rollbackPolicy.refused(promotion)).isNotEmpty()
                .anyMatch(g -> g.action().equals("s3:PutObject") && g.resource().contains("/blobs/"))
                .anyMatch(g -> g.action().equals("s3:DeleteObject"));
        assertThat(rollbackPolicy.actions()).doesNotContain("s3:DeleteObject", "s3:GetEncryptionConfiguration");
    }

    @Test
    void theSignerPolicyIsKmsSignAndGetPublicKeyOnOneKey() throws Exception {
        AwsCallRecorder.start();
        keys();
        Path www = tmp.resolve("www");
        Files.createDirectories(www);
        Files.writeString(www.resolve("index.html"), "<html>signer</html>");
        ok(concat(new String[] {"sign", www.toString(), "--app-id", APP, "--bundle-version", "3.0.0"}, kmsSigner()));
        List<AwsCallRecorder.Call> calls = AwsCallRecorder.stop();
        Policy p = policy("signer", "--kms-key", KEY_ARN);
        p.assertAllowsExactly(calls);
        assertThat(p.grants()).extracting(Policy.Grant::resource).containsOnly(KEY_ARN);
    }

    @Test
    void badScopesAreRefusedNamingTheOption() {
        CliRun alias = CliRun.of("iam-policy", "signer", "--app-id", APP, "--kms-key", "alias/ota-release");
        assertThat(alias.exitCode()).isEqualTo(2);
        assertThat(alias.err()).contains("--kms-key must be the key's ARN", "aws kms describe-key --key-id "
                + "alias/ota-release --query KeyMetadata.Arn");
        CliRun noStaging = CliRun.of("iam-policy", "ci", "--app-id", APP);
        assertThat(noStaging.exitCode()).isEqualTo(2);
        assertThat(noStaging.err()).contains("--from-store s3://bucket/prefix");
        CliRun file = CliRun.of("iam-policy", "rollback", "--app-id", APP, "--store", "file:///srv/ota");
        assertThat(file.exitCode()).isEqualTo(2);
        assertThat(file.err()).contains("an IAM policy is for S3 stores");
        CliRun noAccount = CliRun.of("iam-policy", "rollback", "--app-id", APP, "--store", "s3://b/p",
                "--cdn-distribution", DISTRIBUTION);
        assertThat(noAccount.exitCode()).isEqualTo(2);
        assertThat(noAccount.err()).contains("--aws-account");
        CliRun role = CliRun.of("iam-policy", "admin", "--app-id", APP);
        assertThat(role.exitCode()).isEqualTo(2);
    }

    @Test
    void aTableRegistryIsGrantedOnTheTableInsteadOfRegistryJson() throws Exception {
        Policy p = policy("rollback", "--store", "s3://acme-prod/ota", "--registry-table", "ota-registry",
                "--dynamodb-region", "eu-west-1", "--aws-account", "111122223333");
        assertThat(p.grants()).contains(new Policy.Grant("dynamodb:GetItem",
                "arn:aws:dynamodb:eu-west-1:111122223333:table/ota-registry"), new Policy.Grant("dynamodb:PutItem",
                "arn:aws:dynamodb:eu-west-1:111122223333:table/ota-registry"));
        assertThat(p.grants()).noneMatch(g -> g.resource().endsWith("registry.json"));
    }

    /** The printed policy, as (action, resource) grants plus the s3:prefix patterns listing is limited to. */
    record Policy(Set<Grant> grants, List<String> listPrefixes) {
        record Grant(String action, String resource) {
        }

        static Policy parse(JsonNode doc) {
            assertThat(doc.path("Version").asText()).isEqualTo("2012-10-17");
            Set<Grant> grants = new LinkedHashSet<>();
            List<String> prefixes = new ArrayList<>();
            for (JsonNode st : doc.path("Statement")) {
                assertThat(st.path("Effect").asText()).isEqualTo("Allow");
                List<String> actions = strings(st.path("Action"));
                assertThat(actions).as("no wildcard action").noneMatch(a -> a.contains("*"));
                for (String a : actions) {
                    for (String r : strings(st.path("Resource"))) {
                        grants.add(new Grant(a, r));
                    }
                }
                if (actions.contains("s3:ListBucket")) {
                    prefixes.addAll(strings(st.path("Condition").path("StringLike").path("s3:prefix")));
                    assertThat(prefixes).as("listing is limited to prefixes").isNotEmpty();
                }
            }
            for (Grant g : grants) {
                if (g.resource().startsWith("arn:aws:s3:::") && g.resource().indexOf('/') > 0) {
                    assertThat(g.resource()).as("object grants stay under the app's prefix").contains("/" + APP + "/");
                }
            }
            return new Policy(grants, prefixes);
        }

        private static List<String> strings(JsonNode n) {
            List<String> out = new ArrayList<>();
            if (n.isArray()) {
                n.forEach(x -> out.add(x.asText()));
            } else if (!n.isMissingNode()) {
                out.add(n.asText());
            }
            return out;
        }

        Set<String> actions() {
            Set<String> out = new LinkedHashSet<>();
            grants.forEach(g -> out.add(g.action()));
            return out;
        }

        /** What each recorded call needs, as IAM evaluates it (a copy reads its source and writes its target). */
        static List<Grant> needed(AwsCallRecorder.Call c) {
            String obj = "arn:aws:s3:::" + c.field("Bucket") + "/" + c.field("Key");
            String bucket = "arn:aws:s3:::" + c.field("Bucket");
            return switch (c.service() + " " + c.operation()) {
                case "S3 GetObject", "S3 HeadObject" -> List.of(new Grant("s3:GetObject", obj));
                case "S3 PutObject" -> List.of(new Grant("s3:PutObject", obj));
                case "S3 DeleteObject" -> List.of(new Grant("s3:DeleteObject", obj));
                case "S3 CopyObject" -> List.of(
                        new Grant("s3:GetObject", "arn:aws:s3:::" + c.field("SourceBucket") + "/" + c.field("SourceKey")),
                        new Grant("s3:PutObject", "arn:aws:s3:::" + c.field("DestinationBucket") + "/"
                                + c.field("DestinationKey")));
                case "S3 ListObjectsV2" -> List.of(new Grant("s3:ListBucket", bucket + "?prefix=" + c.field("Prefix")));
                case "S3 GetBucketEncryption" -> List.of(new Grant("s3:GetEncryptionConfiguration", bucket));
                case "S3 GetBucketVersioning" -> List.of(new Grant("s3:GetBucketVersioning", bucket));
                case "Kms Sign" -> List.of(new Grant("kms:Sign", c.field("KeyId")));
                case "Kms GetPublicKey" -> List.of(new Grant("kms:GetPublicKey", c.field("KeyId")));
                case "CloudFront CreateInvalidation", "CloudFront GetInvalidation" -> List.of(new Grant(
                        "cloudfront:" + c.operation(), "arn:aws:cloudfront::111122223333:distribution/"
                                + c.field("DistributionId")));
                default -> throw new AssertionError("a call the test cannot map to IAM: " + c);
            };
        }

        /** The grant of this policy that allows {@code need}, or null. */
        Grant allowing(Grant need) {
            for (Grant g : grants) {
                if (!g.action().equals(need.action())) {
                    continue;
                }
                if (need.action().equals("s3:ListBucket")) {
                    String[] parts = need.resource().split("\\?prefix=", 2);
                    if (g.resource().equals(parts[0]) && listPrefixes.stream().anyMatch(p -> glob(p, parts[1]))) {
                        return g;
                    }
                } else if (glob(g.resource(), need.resource())) {
                    return g;
                }
            }
            return null;
        }

        List<Grant> refused(List<AwsCallRecorder.Call> calls) {
            List<Grant> out = new ArrayList<>();
            calls.stream().flatMap(c -> needed(c).stream()).filter(n -> allowing(n) == null).forEach(out::add);
            return out;
        }

        void assertAllowsExactly(List<AwsCallRecorder.Call> calls) {
            assertThat(calls).as("the commands made AWS calls").isNotEmpty();
            assertThat(calls).filteredOn(c -> c.service().equals("S3") && c.field("Bucket") == null).isEmpty();
            List<Grant> needs = calls.stream().flatMap(c -> needed(c).stream()).toList();
            assertThat(refused(calls)).as("calls the policy would refuse").isEmpty();
            Set<Grant> used = new LinkedHashSet<>();
            needs.forEach(n -> used.add(allowing(n)));
            assertThat(grants).as("grants no call used").allMatch(used::contains);
            assertThat(listPrefixes).as("listing prefixes no call used").allMatch(p -> needs.stream()
                    .filter(n -> n.action().equals("s3:ListBucket"))
                    .anyMatch(n -> glob(p, n.resource().split("\\?prefix=", 2)[1])));
        }

        /** IAM's wildcards: {@code *} any run of characters (slashes too), {@code ?} one character. */
        static boolean glob(String pattern, String value) {
            StringBuilder re = new StringBuilder();
            for (char ch : pattern.toCharArray()) {
                re.append(ch == '*' ? ".*" : ch == '?' ? "." : java.util.regex.Pattern.quote(String.valueOf(ch)));
            }
            return value.matches(re.toString());
        }
    }
}
