package io.otarelease.jenkins;

import io.otarelease.core.release.Percent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.OtaException;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.doctor.BucketChecks;
import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.testing.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** otaPromote applies the profile's bucketChecks before anything is written, on S3Proxy's unversioned buckets. */
class BucketChecksFlowTest {
    static S3ProxyServer s3;

    @TempDir
    Path tmp;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    final ControllerStores stores = new ControllerStores("shop", false, StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)));

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start();
        s3.store("bare-staging", "shop").close();
        s3.store("bare-prod", "shop").close();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    ReleaseTarget target() {
        return new ReleaseTarget("com.example.shop", "production", "s3://bare-staging/shop", "s3://bare-prod/shop",
                s3.endpoint().toString(), "us-east-1", true, null, null, null, null, "keys/trusted-keys.json", null);
    }

    void promote(TrustedKeys keys, Signer signer, BucketChecks.Mode bucketChecks) {
        ProductionPromotion.run(new ControllerRelease(new StepTarget("otaPromote", target(), stores), keys, signer,
                Cdn.NONE, "jenkins:rm"), new ProductionPromotion.Request("1.0.0", new Percent(5), false, null, bucketChecks),
                Clock.systemUTC(), log);
    }

    @Test
    void refuseStopsBeforeAnythingIsWrittenAndWarnOnlyLogs() throws Exception {
        Path pem = tmp.resolve("dev.pem");
        Files.writeString(pem, KeyGen.privateKeyPem(KeyGen.generate(Algorithm.ECDSA_SHA_256)));
        try (FileSigner signer = FileSigner.load(pem, "dev", Algorithm.ECDSA_SHA_256)) {
            TrustedKeys keys = new TrustedKeys(List.of(signer.trustedKey()));
            assertThatThrownBy(() -> promote(keys, signer, BucketChecks.Mode.REFUSE))
                    .isInstanceOf(OtaException.CheckFailed.class)
                    .hasMessageStartingWith("refused by the profile's bucketChecks: refuse: production bucket "
                            + "'bare-prod' default encryption is missing")
                    .hasMessageContaining("production bucket 'bare-prod' versioning is missing")
                    .hasMessageContaining("staging bucket 'bare-staging' default encryption is missing");
            try (var c = s3.client()) {
                assertThat(c.listObjectsV2(b -> b.bucket("bare-prod")).contents()).isEmpty();
            }
            // warn: the same findings in the build log, then the promotion goes on (and meets the missing release)
            assertThatThrownBy(() -> promote(keys, signer, BucketChecks.Mode.WARN))
                    .isInstanceOf(OtaException.class).hasMessageContaining("1.0.0");
            assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains(
                    "warning: production bucket 'bare-prod' versioning: never enabled;",
                    "warning: staging bucket 'bare-staging' default encryption: none;");
        }
    }

    @Test
    void theProfileFieldIsWarnByDefaultAndRefusesAnythingElseNamingIt() {
        OtaProfile p = new OtaProfile("shop");
        assertThat(p.bucketChecksMode()).isEqualTo(BucketChecks.Mode.WARN);
        p.setBucketChecks("refuse");
        assertThat(p.bucketChecksMode()).isEqualTo(BucketChecks.Mode.REFUSE);
        p.setBucketChecks("strict");
        assertThatThrownBy(p::bucketChecksMode).isInstanceOf(OtaException.BadInput.class)
                .hasMessage("profile 'shop': bucketChecks is 'strict'; expected warn or refuse");
    }
}
