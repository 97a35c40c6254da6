package io.otarelease.jenkins;

import io.otarelease.core.release.Percent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.json.JsonFields;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.OtaException;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.doctor.BucketChecks;
import io.otarelease.core.sign.SecretResolver;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SignerFactory;
import io.otarelease.core.store.Store;
import io.otarelease.core.testing.Bundles;
import io.otarelease.core.testing.CloudFrontWireServer;
import io.otarelease.core.testing.S3ProxyServer;
import io.otarelease.core.testing.SoftHsm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * otaPromote (staging and production), otaRegistry and otaRollback without Jenkins, against real parts: S3Proxy as
 * both stores, the release and channel key in SoftHSM2 behind the pkcs11 signer, the staging callable run on a
 * workspace after a serialization round trip as over remoting.
 */
class ControllerReleaseTest {
    static final String APP = "com.example.shop";
    static S3ProxyServer s3;

    @TempDir
    Path tmp;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    final Clock clock = Clock.fixed(Instant.parse("2026-03-29T14:00:00Z"), ZoneOffset.UTC);
    /** The stores as the controller opens them: with the profile's S3 credential (S3Proxy's keys). */
    final ControllerStores stores = new ControllerStores("shop", false, StaticCredentialsProvider.create(
            AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)));

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start();
        s3.store("ota-staging", "shop").close();
        s3.store("ota-prod", "shop").close();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    ReleaseTarget target(String prodPrefix) {
        return new ReleaseTarget(APP, "production", "s3://ota-staging/" + prodPrefix, "s3://ota-prod/" + prodPrefix,
                s3.endpoint().toString(), "us-east-1", true, null, null, null, null, "keys/trusted-keys.json", null);
    }

    Signer hsmSigner() throws Exception {
        SoftHsm hsm = SoftHsm.shared();
        return SignerFactory.open(SignFlowTest.pkcs11(hsm.pkcs11Config(), "hsm-pin", SoftHsm.EC_KEY,
                "ECDSA_SHA_256"), TestSecrets.pin(SoftHsm.PIN), m -> { });
    }

    /** A workspace with www signed as {@code version} (content varies with it) and keys/trusted-keys.json. */
    Path workspace(Signer signer, String version) throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws-" + version));
        Path www = Bundles.sample(Files.createDirectories(ws.resolve("www")));
        Bundles.write(www, Map.of("js/version.js", "window.OTA_VERSION = '" + version + "';\n"));
        SignFlow.run(new Local.Agent(www), new SignRequest("www", APP, version, "3.0.0", null, null, null, null),
                signer, clock, null, 0, log);
        Path keys = Files.createDirectories(ws.resolve("keys")).resolve("trusted-keys.json");
        Files.write(keys, new TrustedKeys(List.of(signer.trustedKey())).toCanonicalBytes());
        return ws;
    }

    TrustedKeys keys(Path ws) throws Exception {
        return ReleaseTarget.parseTrustedKeys(Files.readAllBytes(ws.resolve("keys/trusted-keys.json")), "keys", null,
                "t");
    }

    ControllerRelease release(String step, ReleaseTarget t, TrustedKeys keys, Signer signer, Cdn cdn, String actor) {
        return new ControllerRelease(new StepTarget(step, t, stores), keys, signer, cdn, actor);
    }

    /** otaPromote(to: 'production') at {@code percent}, not urgent, not waiting for the CDN. */
    Map<String, Object> promote(ReleaseTarget t, TrustedKeys keys, Signer signer, Cdn cdn, String actor,
                                String version, int percent) {
        return ProductionPromotion.toMap(ProductionPromotion.run(release("otaPromote", t, keys, signer, cdn, actor),
                new ProductionPromotion.Request(version, Percent.of(percent, "percent"), false), clock, log));
    }

    List<Map<String, Object>> registry(ReleaseTarget t, String which) {
        return RegistryListing.toMaps(RegistryListing.run(new StepTarget("otaRegistry", t, stores), which, log));
    }

    static void closeCdn(Cdn cdn) throws Exception {
        if (cdn instanceof AutoCloseable c) {
            c.close();
        }
    }

    @Test
    void stagePromoteWidenListAndRollBackWithTheJenkinsUserInTheAudit() throws Exception {
        ReleaseTarget t = target("flow");
        try (Signer signer = hsmSigner()) {
            Path ws1 = workspace(signer, "3.4.0");
            Local.Agent agent1 = new Local.Agent(ws1);
            StageBundle.Outcome staged = agent1.act(new StageBundle(t, "www", null));
            assertThat(staged.version()).isEqualTo("3.4.0");
            assertThat(staged.filesUploaded()).isEqualTo(6);
            assertThat(staged.alreadyStaged()).isFalse();
            assertThat(staged.toMap()).containsEntry("to", "staging").containsEntry("fileCount", 6);
            // a re-run (a retried build) uploads nothing
            StageBundle.Outcome again = agent1.act(new StageBundle(t, "www", null));
            assertThat(again.filesUploaded()).isZero();
            assertThat(again.alreadyStaged()).isTrue();

            Map<String, Object> first = promote(t, keys(ws1), signer, Cdn.NONE, "jenkins:rm via b/1", "3.4.0", 100);
            assertThat(first).containsEntry("sequence", 1L).containsEntry("percent", 100)
                    .containsEntry("pointerChanged", true).containsEntry("filesCopied", 6);

            Path ws2 = workspace(signer, "3.4.1");
            new Local.Agent(ws2).act(new StageBundle(t, "www", null));
            Map<String, Object> canary = promote(t, keys(ws2), signer, Cdn.NONE, "jenkins:rm via b/2", "3.4.1", 5);
            assertThat(canary).containsEntry("sequence", 2L).containsEntry("previousVersion", "3.4.0")
                    .containsEntry("filesCopied", 1);
            Map<String, Object> wider = ProductionPromotion.toMap(ProductionPromotion.run(release("otaPromote", t,
                    keys(ws2), signer, Cdn.NONE, "jenkins:rm via b/2"), new ProductionPromotion.Request("3.4.1",
                    Percent.of(25, "percent"), true, null, BucketChecks.Mode.WARN), clock, log));
            assertThat(wider).containsEntry("sequence", 3L).containsEntry("percent", 25).containsEntry("urgent", true);
            try (var prod = stores.open(Overrides.PRODUCTION_STORE, t.productionStore(), t.s3())) {
                byte[] pointer = prod.get(new io.otarelease.client.layout.StoreLayout(APP).channel("production"))
                        .orElseThrow().bytes();
                assertThat(io.otarelease.client.channel.ChannelPointer.parse(pointer, "pointer").current().urgent())
                        .as("otaPromote urgent: true is signed into the pointer").isTrue();
            }

            List<Map<String, Object>> registry = registry(t, "production");
            assertThat(registry).extracting(m -> m.get("version") + " " + m.get("status"))
                    .containsExactlyInAnyOrder("3.4.1 canary", "3.4.0 current"); // one fixed clock: same timestamps
            assertThat(registry(t, "staging")).extracting(m -> m.get("status"))
                    .containsOnly("staged");

            String actor = StepRun.actor("alice", "https://ci.example/job/shop-rollback/7/", "shop-rollback#7");
            Map<String, Object> back = ChannelRollback.toMap(ChannelRollback.run(release("otaRollback", t, keys(ws2),
                    signer, Cdn.NONE, actor), new ChannelRollback.Request(null, "crash-free 97.2%", false, null), clock,
                    log));
            assertThat(back).containsEntry("from", "3.4.1").containsEntry("to", "3.4.0")
                    .containsEntry("sequence", 4L);
            assertThat((Long) back.get("elapsedMillis")).isNotNegative();

            try (Store prod = s3.store("ota-prod", "flow")) {
                StoreLayout layout = new StoreLayout(APP);
                List<String> audit = prod.list(layout.auditPrefix());
                JsonFields last = JsonFields.parse(prod.get(audit.get(audit.size() - 1)).orElseThrow().bytes(), "audit");
                assertThat(last.string("action")).isEqualTo("rollback");
                assertThat(last.string("actor")).isEqualTo("jenkins:alice via https://ci.example/job/shop-rollback/7/");
                assertThat(last.string("reason")).isEqualTo("crash-free 97.2%");
            }
            assertThat(registry(t, "production")).extracting(m -> m.get("version") + " "
                    + m.get("status")).containsExactlyInAnyOrder("3.4.1 quarantined", "3.4.0 current");
        }
        String text = logBytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("otaPromote: promoted 3.4.1 at 5% (sequence 2)")
                .contains("otaRollback: production serves 3.4.0 (sequence 4); quarantined 3.4.1")
                .doesNotContain(SoftHsm.PIN);
    }

    /** otaRefresh: not before it is due, then a re-signed pointer; never a pointer the signed history disowns. */
    @Test
    void refreshReSignsOnlyWhenDueAndOnlyThePointerTheSignedHistoryRecordsLast() throws Exception {
        ReleaseTarget t = target("refresh");
        Duration within = Duration.ofDays(30);
        StoreLayout layout = new StoreLayout(APP);
        try (Signer signer = hsmSigner()) {
            Path ws1 = workspace(signer, "3.4.0");
            new Local.Agent(ws1).act(new StageBundle(t, "www", null));
            promote(t, keys(ws1), signer, Cdn.NONE, "jenkins:rm via b/1", "3.4.0", 100);
            Map<String, byte[]> first = pointer(layout);
            Path ws2 = workspace(signer, "3.4.1");
            new Local.Agent(ws2).act(new StageBundle(t, "www", null));
            promote(t, keys(ws2), signer, Cdn.NONE, "jenkins:rm via b/2", "3.4.1", 100);
            Map<String, byte[]> second = pointer(layout);

            ControllerRelease refresher = release("otaRefresh", t, keys(ws2), signer, Cdn.NONE, "jenkins:timer");
            Map<String, Object> early = PointerRefresh.run(refresher, within, Clock.offset(clock, Duration.ofDays(10)),
                    log).toMap();
            assertThat(early).containsEntry("refreshed", false).containsEntry("sequence", 2L)
                    .containsEntry("daysLeft", 80L).containsEntry("version", "3.4.1");

            // a store writer puts the older, validly signed pointer back: re-signing it would launder it
            restore(layout, first);
            assertThatThrownBy(() -> PointerRefresh.run(refresher, within, Clock.offset(clock, Duration.ofDays(70)),
                    log))
                    .isInstanceOf(OtaException.class).hasMessageContaining("sequence 2");
            restore(layout, second);

            Clock day71 = Clock.offset(clock, Duration.ofDays(71));
            Map<String, Object> due = PointerRefresh.run(refresher, within, day71, log).toMap();
            assertThat(due).containsEntry("refreshed", true).containsEntry("sequence", 3L)
                    .containsEntry("daysLeft", 90L).containsEntry("version", "3.4.1")
                    .containsEntry("expiresAt", day71.instant().plus(Duration.ofDays(90)).toString());
        }
        assertThat(logBytes.toString(StandardCharsets.UTF_8))
                .contains("otaRefresh: production (sequence 2) expires at", "in 80 days: not refreshed")
                .contains("otaRefresh: production re-signed as sequence 3");
    }

    private static Map<String, byte[]> pointer(StoreLayout layout) {
        try (Store prod = s3.store("ota-prod", "refresh")) {
            return Map.of(layout.channel("production"), prod.get(layout.channel("production")).orElseThrow().bytes(),
                    layout.channelSignature("production"),
                    prod.get(layout.channelSignature("production")).orElseThrow().bytes());
        }
    }

    private static void restore(StoreLayout layout, Map<String, byte[]> objects) {
        try (Store prod = s3.store("ota-prod", "refresh")) {
            objects.forEach((key, bytes) -> prod.putIfMatch(key, io.otarelease.core.store.Body.of(bytes),
                    prod.get(key).orElseThrow().etag()));
        }
    }

    @Test
    void theStagingCallableCarriesNoSecretAndRefusesABundleOfAnotherApp() throws Exception {
        ReleaseTarget t = target("other");
        try (Signer signer = hsmSigner()) {
            Path ws = workspace(signer, "1.0.0");
            Local.Agent agent = new Local.Agent(ws);
            ReleaseTarget wrongApp = new ReleaseTarget("com.example.other", "production", t.stagingStore(),
                    t.productionStore(), t.s3Endpoint(), t.s3Region(), true, null, null, null, null, t.trustedKeys(),
                    null);
            assertThatThrownBy(() -> agent.act(new StageBundle(wrongApp, "www", null)))
                    .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("not com.example.other");
            assertThat(agent.wireText()).doesNotContain(SoftHsm.PIN).doesNotContain(S3ProxyServer.SECRET_KEY);
        }
    }

    @Test
    void aBundleThatDoesNotVerifyIsNotStaged() throws Exception {
        ReleaseTarget t = target("tampered");
        try (Signer signer = hsmSigner()) {
            Path ws = workspace(signer, "2.0.0");
            Bundles.write(ws.resolve("www"), Map.of("js/app.js", "tampered();\n"));
            assertThatThrownBy(() -> new Local.Agent(ws).act(new StageBundle(t, "www", null)))
                    .isInstanceOf(OtaException.CheckFailed.class).hasMessageContaining("nothing was staged");
        }
        assertThat(registry(t, "staging")).isEmpty();
    }

    @Test
    void promotionInvalidatesTheChannelObjectsWithTheProfilesCdnCredential() throws Exception {
        try (CloudFrontWireServer cloudFront = new CloudFrontWireServer(); Signer signer = hsmSigner()) {
            ReleaseTarget base = target("cdn");
            ReleaseTarget t = new ReleaseTarget(APP, "production", base.stagingStore(), base.productionStore(),
                    base.s3Endpoint(), base.s3Region(), true, "cloudfront:" + cloudFront.knownDistribution,
                    "aws-cdn", null, null, base.trustedKeys(), null, null, cloudFront.endpoint().toString(), "/ota",
                    null);
            SecretResolver secrets = JenkinsCredentials.secrets(new CredentialResolver(Map.<String, Object>of(
                    "aws-cdn", new FakeCredentials.Aws("aws-cdn", AwsBasicCredentials.create("AKIDCDN",
                            "cdn-secret")))::get));
            Path ws = workspace(signer, "6.0.0");
            new Local.Agent(ws).act(new StageBundle(t, "www", null));

            Cdn cdn = ControllerRelease.cdn(t, secrets);
            try {
                Map<String, Object> out = promote(t, keys(ws), signer, cdn, "jenkins:rm via b/9", "6.0.0", 10);
                assertThat(out.get("invalidationId")).isEqualTo("I2J0I21PCUYOIK");
            } finally {
                closeCdn(cdn);
            }
            assertThat(cloudFront.bodies).singleElement().asString()
                    .contains("<Path>/ota/com.example.shop/channels/production.json</Path>")
                    .contains("<Path>/ota/com.example.shop/channels/production.sig</Path>");
            assertThat(cloudFront.requests).allMatch(r -> r.endsWith(" signed"));

            // without the SDK chain's keys, only the Jenkins credential can have signed the request
            String id = System.clearProperty("aws.accessKeyId");
            String key = System.clearProperty("aws.secretAccessKey");
            Cdn alone = ControllerRelease.cdn(t, secrets);
            try {
                assertThat(alone.invalidate(List.of("/ota/x"))).isEqualTo("I2J0I21PCUYOIK");
            } finally {
                closeCdn(alone);
                System.setProperty("aws.accessKeyId", id);
                System.setProperty("aws.secretAccessKey", key);
            }
        }
    }

    @Test
    void anAbortedStagingLeavesNothingStaged() throws Exception {
        ReleaseTarget t = target("aborted");
        try (Signer signer = hsmSigner()) {
            Path ws = workspace(signer, "5.0.0");
            Thread.currentThread().interrupt(); // what an abort of the build does to the step's thread
            try {
                assertThatThrownBy(() -> new Local.Agent(ws).act(new StageBundle(t, "www", null)))
                        .isInstanceOf(OtaException.Infrastructure.class).hasMessageContaining("interrupted");
            } finally {
                Thread.interrupted();
            }
        }
        try (Store staging = s3.store("ota-staging", "aborted")) {
            assertThat(staging.exists(new StoreLayout(APP).manifest("5.0.0"))).isFalse();
        }
        assertThat(registry(t, "staging")).isEmpty();
    }

    @Test
    void missingSettingsAreNamed() throws Exception {
        ReleaseTarget none = new ReleaseTarget(APP, "production", null, null, null, null, false, null, null, null,
                null, null, null);
        assertThatThrownBy(() -> registry(none, "production"))
                .hasMessage("otaRegistry needs productionStore: an administrator sets it on the profile "
                        + "(s3://bucket/prefix, or file:///path where allowed)");
        assertThatThrownBy(() -> ReleaseTarget.parseTrustedKeys(null, null, null, "otaRollback"))
                .isInstanceOf(OtaException.BadInput.class).hasMessageStartingWith("otaRollback needs the keys devices "
                        + "trust");
        assertThatThrownBy(() -> ReleaseTarget.parseTrustedKeys(null, null, "{\"schema\":", "otaRollback"))
                .isInstanceOf(OtaException.BadInput.class);
        assertThatThrownBy(() -> ControllerRelease.cdn(new ReleaseTarget(APP, "production", null, null, null, null,
                false, "akamai:x", null, null, null, null, null), null))
                .hasMessage("cdn \"akamai:x\" is not none or cloudfront:DISTRIBUTION_ID");
        assertThatThrownBy(() -> ControllerRelease.cdn(new ReleaseTarget(APP, "production", null, null, null, null,
                false, "cloudfront:E2EXAMPLE", null, null, null, null, null), null))
                .hasMessage("the cloudfront CDN needs cdnCredentialsId on the profile (an AWS Credentials credential): "
                        + "the controller's own AWS identity is never used");
        assertThat(ControllerRelease.cdn(none, null)).isSameAs(Cdn.NONE);
        ReleaseTarget noApp = new ReleaseTarget(null, "production", null, "file:///tmp/x", null, null, false, null,
                null, null, null, null, null);
        assertThatThrownBy(() -> registry(noApp, "production"))
                .hasMessage("otaRegistry needs appId: set it on the profile or pass appId:");
    }

    @Test
    void theActorNamesTheUserAndTheBuild() {
        assertThat(StepRun.actor("alice", "https://ci/job/a/1/", "a#1")).isEqualTo("jenkins:alice via https://ci/job/a/1/");
        assertThat(StepRun.actor(null, null, "a#1")).isEqualTo("jenkins via a#1");
        assertThat(StepRun.actor(null, " ", null)).isEqualTo("jenkins");
    }
}
