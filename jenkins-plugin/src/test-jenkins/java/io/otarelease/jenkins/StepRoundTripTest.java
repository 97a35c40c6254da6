package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jenkinsci.plugins.workflow.cps.Snippetizer;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Every step, with every field set, through its config.jelly form (StepConfigTester: rendered, submitted, bound
 * again) and through the Snippetizer (the Pipeline call it generates, parsed back into the same step). A field the
 * form or the generated snippet drops, renames or mistypes fails here.
 */
@WithJenkins
class StepRoundTripTest {

    static List<Step> everyStepFullyConfigured() {
        OtaSignStep sign = new OtaSignStep("1.2.0");
        sign.setProfile("shop");
        sign.setDir("www");
        sign.setAppId("com.example.shop");
        sign.setMinNativeVersion("3.0.0");
        sign.setPlatform("android");
        sign.setSourceCommit("0123456789abcdef0123456789abcdef01234567");
        sign.setSourceRef("refs/heads/main");
        sign.setSigner("kms");
        sign.setKeyId("release-2026");
        sign.setAlgorithm("ECDSA_SHA_256");
        sign.setSignerUrl("https://signer.example.com:8443");
        sign.setClientCertificateCredentialsId("ci-cert");
        sign.setServerCaCredentialsId("signer-ca");
        sign.setPinCredentialsId("hsm-pin");
        sign.setAwsCredentialsId("aws-release");
        sign.setKeyLabel("ota-ec");
        sign.setKmsKey("alias/ota-release");
        sign.setAwsRegion("eu-west-1");

        OtaVerifyStep verify = new OtaVerifyStep();
        verify.setProfile("shop");
        verify.setDir("www");
        verify.setTrustedKeys("keys/trusted-keys.json");
        verify.setAppId("com.example.shop");

        OtaGateStep gate = new OtaGateStep();
        gate.setProfile("shop");
        gate.setDir("www");
        gate.setPolicy("ota-policy.yaml");
        gate.setNpmAudit("npm-audit.json");
        gate.setLicenses("licenses.json");
        gate.setTrustedKeys("keys/trusted-keys.json");
        gate.setJunit("gates.xml");
        gate.setSarif("gates.sarif");

        OtaPromoteStep promote = new OtaPromoteStep("production");
        promote.setVersion("1.2.0");
        promote.setPercent(10);
        promote.setDir("www");
        promote.setStagingStore("s3://ota-staging/apps");
        promote.setProductionStore("s3://ota-production/apps");
        promote.setTrustedKeys("keys/trusted-keys.json");
        promote.setWaitForCdn(true);

        OtaCanaryStep canary = new OtaCanaryStep("1.2.0");
        canary.setBaselineVersion("1.1.0");
        canary.setMetrics("json:https://metrics.example.com/");
        canary.setThresholds("canary-thresholds.yaml");
        canary.setWindow("30m");
        canary.setMinSessions(500L);
        canary.setFailOnFail(false);
        canary.setTimeoutSeconds(120);

        OtaRollbackStep rollback = new OtaRollbackStep("crash rate above threshold");
        rollback.setTo("1.1.0");
        rollback.setForce(true);
        rollback.setProductionStore("s3://ota-production/apps");
        rollback.setTrustedKeys("keys/trusted-keys.json");
        rollback.setWaitForCdn(true);

        OtaRegistryStep registry = new OtaRegistryStep();
        registry.setStore("production");
        registry.setStagingStore("s3://ota-staging/apps");
        registry.setProductionStore("s3://ota-production/apps");

        OtaNotifyStep notify = new OtaNotifyStep("releases", "canary-pass", "1.2.0", "Canary 1.2.0: PASS");
        notify.setProfile("shop");
        notify.setAppId("com.example.shop");
        notify.setPercent(10);
        notify.setSeverity("warning");
        notify.setNotificationCredentialsIds("releases=slack-releases");
        notify.setTransport("webhook");
        notify.setFailOnError(true);

        for (ReleaseStep release : List.of(promote, canary, rollback, registry)) {
            release.setProfile("shop");
            release.setAppId("com.example.shop");
            release.setChannel("beta");
        }
        return List.of(sign, verify, gate, promote, canary, rollback, registry, notify);
    }

    @Test
    void everyStepSurvivesItsConfigurationForm(JenkinsRule j) throws Exception {
        StepConfigTester forms = new StepConfigTester(j);
        for (Step step : everyStepFullyConfigured()) {
            j.assertEqualDataBoundBeans(step, forms.configRoundTrip(step));
        }
    }

    @Test
    void everyStepSurvivesTheSnippetGenerator(JenkinsRule j) throws Exception {
        SnippetizerTester snippets = new SnippetizerTester(j);
        for (Step step : everyStepFullyConfigured()) {
            String snippet = Snippetizer.step2Groovy(step);
            assertThat(snippet).startsWith(step.getDescriptor().getFunctionName());
            snippets.assertRoundTrip(step, snippet);
        }
        assertThat(everyStepFullyConfigured()).extracting(s -> s.getDescriptor().getFunctionName())
                .containsExactlyInAnyOrder(OtaSignStep.FUNCTION_NAME, "otaVerify", OtaGateStep.FUNCTION_NAME,
                        OtaPromoteStep.FUNCTION_NAME, OtaCanaryStep.FUNCTION_NAME, OtaRollbackStep.FUNCTION_NAME,
                        OtaRegistryStep.FUNCTION_NAME, OtaNotifyStep.FUNCTION_NAME);
    }
}
