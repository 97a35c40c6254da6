package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the release steps decide before any store is touched: overrides, defaults, required values. */
class ReleaseStepsTest {
    static OtaProfile profile() {
        OtaProfile p = new OtaProfile("shop");
        p.setAppId("com.example.shop");
        p.setStagingStore("s3://staging/apps");
        p.setProductionStore("s3://prod/apps");
        p.setS3Endpoint("https://minio.example:9000");
        p.setS3Region("eu-west-1");
        p.setS3PathStyle(true);
        p.setTrustedKeys("keys/trusted-keys.json");
        p.setTrustedKeysContent("{\"keys\":[],\"schema\":\"ota-keys/1\"}");
        p.setCdn("cloudfront:E2EXAMPLE");
        p.setCdnCredentialsId("aws-ota");
        p.setMetricsSource("prometheus:https://prometheus.example");
        p.setThresholdsFile("ota/thresholds.yaml");
        return p;
    }

    @Test
    void theProfileFillsWhatTheCallLeavesOutAndTheCallWins() {
        OtaPromoteStep call = new OtaPromoteStep("production");
        ReleaseTarget fromProfile = ReleaseTarget.of(profile(), call);
        assertThat(fromProfile).isEqualTo(new ReleaseTarget("com.example.shop", "production", "s3://staging/apps",
                "s3://prod/apps", "https://minio.example:9000", "eu-west-1", true, "cloudfront:E2EXAMPLE", "aws-ota",
                "prometheus:https://prometheus.example", "ota/thresholds.yaml", "keys/trusted-keys.json",
                "{\"keys\":[],\"schema\":\"ota-keys/1\"}"));
        assertThat(fromProfile.s3().endpoint().toString()).isEqualTo("https://minio.example:9000");
        assertThat(fromProfile.s3().pathStyle()).isTrue();

        call.setAppId("com.example.beta");
        call.setChannel("beta");
        call.setTrustedKeys("other/keys.json");
        ReleaseTarget overridden = ReleaseTarget.of(profile(), call);
        assertThat(overridden.appId()).isEqualTo("com.example.beta");
        assertThat(overridden.channel()).isEqualTo("beta");
        assertThat(overridden.trustedKeys()).isEqualTo("other/keys.json");
        assertThat(overridden.productionStore()).isEqualTo("s3://prod/apps");
    }

    @Test
    void storesAndMetricsComeFromTheProfileUnlessItAllowsTheOverride() {
        OtaPromoteStep call = new OtaPromoteStep("production");
        call.setStagingStore("file:///srv/staging");
        call.setProductionStore("file:///srv/prod");
        assertThatThrownBy(() -> ReleaseTarget.of(profile(), call)).isInstanceOf(OtaException.BadInput.class)
                .hasMessage("stagingStore: is refused: stagingStore comes from profile 'shop' (field stagingStore); "
                        + "leave stagingStore: out, or ask an administrator to add stagingStore to the profile's "
                        + "allowedOverrides");
        OtaProfile p = profile();
        p.setAllowedOverrides("stagingStore");
        assertThatThrownBy(() -> ReleaseTarget.of(p, call)).hasMessageStartingWith("productionStore: is refused");
        p.setAllowedOverrides(" stagingStore , productionStore ");
        ReleaseTarget overridden = ReleaseTarget.of(p, call);
        assertThat(overridden.stagingStore()).isEqualTo("file:///srv/staging");
        assertThat(overridden.productionStore()).isEqualTo("file:///srv/prod");

        // repeating the profile's own value changes nothing, so it passes
        OtaRollbackStep same = new OtaRollbackStep("r");
        same.setProductionStore("s3://prod/apps");
        assertThat(ReleaseTarget.of(profile(), same).productionStore()).isEqualTo("s3://prod/apps");

        OtaCanaryStep canary = new OtaCanaryStep("3.4.1");
        canary.setMetrics("json:http://169.254.169.254/latest/");
        assertThatThrownBy(() -> ReleaseTarget.of(profile(), canary)).hasMessageStartingWith("metrics: is refused: "
                + "metricsSource comes from profile 'shop' (field metricsSource)");
        p.setAllowedOverrides("metricsSource");
        assertThat(ReleaseTarget.of(p, canary).metricsSource()).isEqualTo("json:http://169.254.169.254/latest/");
    }

    @Test
    void withoutAProfileTheCallCarriesTheAppButNoStoreAndTheChannelIsProduction() {
        OtaRegistryStep call = new OtaRegistryStep();
        call.setAppId("com.example.shop");
        ReleaseTarget t = ReleaseTarget.of(null, call);
        assertThat(t.appId()).isEqualTo("com.example.shop");
        assertThat(t.channel()).isEqualTo("production");
        assertThat(t.productionStore()).isNull();
        assertThat(t.cdn()).isNull();
        assertThat(t.s3().endpoint()).isNull();
        call.setProductionStore("file:///srv/prod");
        assertThatThrownBy(() -> ReleaseTarget.of(null, call)).hasMessage("productionStore: is refused: "
                + "productionStore comes from an OTA Release profile that an administrator sets in Manage Jenkins "
                + "\u00bb System \u00bb OTA Release; name it with profile: and leave productionStore: out");
        assertThat(call.which()).isEqualTo("production");
        call.setStore("staging");
        assertThat(call.which()).isEqualTo("staging");
        call.setStore("archive");
        assertThatThrownBy(call::which).hasMessage("otaRegistry store: must be production or staging, not 'archive'");
    }

    @Test
    void otaPromoteNeedsADestinationAndForProductionAPercent() {
        assertThat(new OtaPromoteStep("staging").destination()).isEqualTo("staging");
        assertThatThrownBy(() -> new OtaPromoteStep(null).destination())
                .isInstanceOf(OtaException.BadInput.class).hasMessage("otaPromote needs to: 'staging' or 'production'");
        assertThatThrownBy(() -> new OtaPromoteStep("prod").destination())
                .hasMessage("otaPromote needs to: 'staging' or 'production', not 'prod'");
        OtaPromoteStep p = new OtaPromoteStep("production");
        assertThatThrownBy(p::destination).hasMessage("otaPromote to: 'production' needs percent: 1 to 100");
        p.setPercent(101);
        assertThatThrownBy(p::destination)
                .hasMessage("otaPromote percent must be between 1 and 100 (101 is not a percent a rollout can serve)");
        p.setPercent(5);
        assertThat(p.destination()).isEqualTo("production");
        assertThat(p.bundleDir()).isEqualTo("www");
    }

    @Test
    void otaRollbackNeedsAReason() {
        assertThatThrownBy(() -> new OtaRollbackStep("  ").requireReason())
                .isInstanceOf(OtaException.BadInput.class).hasMessage("otaRollback needs reason: why, for the audit log");
        assertThat(new OtaRollbackStep("crash-free 97%").requireReason()).isEqualTo("crash-free 97%");
    }

    @Test
    void aBadS3EndpointIsNamed() {
        ReleaseTarget t = new ReleaseTarget("a", "production", null, null, "minio:9000", null, false, null, null,
                null, null, null, null);
        assertThatThrownBy(t::s3).isInstanceOf(OtaException.BadInput.class).hasMessageStartingWith("s3Endpoint");
    }

    @Test
    void theBuildPageActionKeepsEachStepInOrder() {
        OtaReleaseAction a = new OtaReleaseAction();
        a.recordSigned(new SignFlow.Outcome("com.example.shop", "3.4.1", "sha256:ab", "ota-2026-a", "ECDSA_SHA_256",
                12, 3456));
        a.addGate(new OtaReleaseAction.Entry("size", "PASS", "2.3 KB in 6 files"));
        a.addGate(new OtaReleaseAction.Entry("javascript", "PASS", null));
        a.addRolloutStep(new OtaReleaseAction.Entry("staging", "staged", "3.4.1, 12 files uploaded"));
        a.addRolloutStep(new OtaReleaseAction.Entry("production 5%", "promoted", "3.4.1, sequence 7"));
        a.addCanaryVerdict(new OtaReleaseAction.Entry("3.4.1", "FAIL", "severity SEV-1, 5000 sessions"));
        a.recordRollback(new OtaReleaseAction.Entry("production 3.4.1 \u2192 3.4.0", "rolled back",
                "crash-free 97% (sequence 8, 1200 ms)"));

        assertThat(a.getVersion()).isEqualTo("3.4.1");
        assertThat(a.getKeyId()).isEqualTo("ota-2026-a");
        a.recordRelease("com.example.shop", "9.9.9", null); // a later promotion never hides what was signed here
        assertThat(a.getVersion()).isEqualTo("3.4.1");
        assertThat(a.getBundleHash()).isEqualTo("sha256:ab");
        OtaReleaseAction promotionOnly = new OtaReleaseAction();
        promotionOnly.recordRelease("com.example.shop", "3.4.1", "sha256:cd");
        assertThat(promotionOnly.getVersion()).isEqualTo("3.4.1");
        assertThat(promotionOnly.getKeyId()).isNull();
        assertThat(a.getGates()).extracting(Object::toString)
                .containsExactly("size: PASS (2.3 KB in 6 files)", "javascript: PASS");
        assertThat(a.getRolloutSteps()).extracting(OtaReleaseAction.Entry::getName)
                .containsExactly("staging", "production 5%");
        assertThat(a.getCanaryVerdicts()).extracting(OtaReleaseAction.Entry::getOutcome).containsExactly("FAIL");
        assertThat(a.getRollback().getDetail()).contains("sequence 8");
        assertThat(a.getUrlName()).isNull();
        assertThat(Local.deserialize(Local.serialize(a.getGates().get(0))).toString())
                .isEqualTo("size: PASS (2.3 KB in 6 files)");
        List<String> summary;
        try (var in = OtaReleaseAction.class.getResourceAsStream("OtaReleaseAction/summary.jelly")) {
            summary = List.of(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(summary.get(0)).contains("it.bundleHash", "it.keyId", "it.gates", "it.rolloutSteps",
                "it.canaryVerdicts", "it.rollback");
    }
}
