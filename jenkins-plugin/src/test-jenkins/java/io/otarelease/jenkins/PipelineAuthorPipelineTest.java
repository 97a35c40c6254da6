package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Fingerprint;
import hudson.model.Result;
import hudson.util.Secret;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The pipeline author (edits a sandboxed Jenkinsfile, is not an administrator) on a real Jenkins (only with
 * pom-jenkins.xml): every override of what the administrator's profile decides is refused with the profile field named,
 * file:// stores on the controller need the global switch, AWS is reached only with the profile's credential, and
 * every credential a step reads is recorded on the build. Without Jenkins: PipelineAuthorTest.
 */
@WithJenkins
class PipelineAuthorPipelineTest {
    static final String BUNDLE = "writeFile file: 'www/index.html', text: '<!DOCTYPE html>'\n";

    @TempDir
    Path tmp;
    JenkinsRule j;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        j = rule;
        OtaGlobalConfiguration.get().setProfiles(List.of(shop()));
    }

    /** The administrator's profile: S3 stores reached with aws-ota, a metrics source, a signing server. */
    static OtaProfile shop() {
        OtaProfile p = new OtaProfile("shop");
        p.setAppId("com.example.shop");
        p.setStagingStore("s3://ota-staging/shop");
        p.setProductionStore("s3://ota-prod/shop");
        p.setS3Endpoint("http://127.0.0.1:1"); // nothing listens: a store that is reached fails the build
        p.setS3PathStyle(true);
        p.setS3CredentialsId("aws-ota");
        p.setMetricsSource("json:https://metrics.internal/");
        p.setTrustedKeysContent("{\"keys\":[],\"schema\":\"ota-keys/1\"}");
        OtaSignerSettings hsm = new OtaSignerSettings("hsm");
        hsm.setKeyId("ota-2026-a");
        hsm.setSignerUrl("https://signer.internal:8443");
        p.setSigner(hsm);
        return p;
    }

    WorkflowRun run(String script, Result expected) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p" + System.nanoTime());
        p.setDefinition(new CpsFlowDefinition(script, true));
        return j.assertBuildStatus(expected, p.scheduleBuild2(0));
    }

    String fileUrl(String name) {
        return "file://" + tmp.resolve(name).toAbsolutePath();
    }

    @Test
    void everyOverrideAJenkinsfileTriesIsRefusedWithTheProfileFieldNamed() throws Exception {
        OtaGlobalConfiguration.get().setAllowFileStoresOnController(true); // refused all the same
        String evil = fileUrl("evil");
        String hint = "comes from profile 'shop' (field productionStore); leave productionStore: out, or ask an "
                + "administrator to add productionStore to the profile's allowedOverrides";

        WorkflowRun store = run("otaPromote(profile: 'shop', to: 'production', version: '3.4.1', percent: 5, "
                + "productionStore: '" + evil + "')", Result.FAILURE);
        j.assertLogContains("otaPromote: bad input: productionStore: is refused: productionStore " + hint, store);
        WorkflowRun from = run("otaPromote(profile: 'shop', to: 'production', version: '3.4.1', percent: 5, "
                + "stagingStore: '" + evil + "')", Result.FAILURE);
        j.assertLogContains("otaPromote: bad input: stagingStore: is refused", from);
        j.assertLogContains("(field stagingStore)", from);
        WorkflowRun staging = run("node {\n" + BUNDLE + "otaPromote(profile: 'shop', to: 'staging', stagingStore: '"
                + evil + "')\n}", Result.FAILURE);
        j.assertLogContains("otaPromote: bad input: stagingStore: is refused", staging);
        WorkflowRun rollback = run("otaRollback(profile: 'shop', reason: 'r', productionStore: '" + evil + "')",
                Result.FAILURE);
        j.assertLogContains("otaRollback: bad input: productionStore: is refused: productionStore " + hint, rollback);
        WorkflowRun registry = run("otaRegistry(profile: 'shop', productionStore: '" + evil + "')", Result.FAILURE);
        j.assertLogContains("otaRegistry: bad input: productionStore: is refused: productionStore " + hint, registry);
        WorkflowRun noProfile = run("otaRegistry(appId: 'com.example.shop', productionStore: '" + evil + "')",
                Result.FAILURE);
        j.assertLogContains("productionStore comes from an OTA Release profile", noProfile);
        assertThat(tmp.resolve("evil")).doesNotExist();

        WorkflowRun metrics = run("otaCanary(profile: 'shop', version: '3.4.1', metrics: "
                + "'json:http://169.254.169.254/latest/meta-data/')", Result.FAILURE);
        j.assertLogContains("otaCanary: bad input: metrics: is refused: metricsSource comes from profile 'shop' "
                + "(field metricsSource)", metrics);
        WorkflowRun signer = run("node {\n" + BUNDLE + "otaSign(profile: 'shop', version: '3.4.1', signerUrl: "
                + "'https://attacker.example:8443')\n}", Result.FAILURE);
        j.assertLogContains("otaSign: bad input: signerUrl: is refused: signerUrl comes from profile 'shop' (field "
                + "signerUrl)", signer);
        j.assertLogNotContains("\tat io.otarelease", signer);
    }

    @Test
    void theAllowListLetsOnlyTheFieldsItNames() throws Exception {
        OtaProfile p = shop();
        p.setAllowedOverrides("productionStore");
        OtaGlobalConfiguration.get().setProfiles(List.of(p));
        OtaGlobalConfiguration.get().setAllowFileStoresOnController(true);
        WorkflowRun allowed = run("def r = otaRegistry(profile: 'shop', productionStore: '" + fileUrl("team") + "')\n"
                + "echo \"releases ${r.size()}\"", Result.SUCCESS);
        j.assertLogContains("releases 0", allowed);
        WorkflowRun other = run("otaRegistry(profile: 'shop', store: 'staging', stagingStore: '" + fileUrl("x")
                + "')", Result.FAILURE);
        j.assertLogContains("stagingStore: is refused", other);
    }

    @Test
    void fileStoresOnTheControllerNeedTheAdministratorsSwitch() throws Exception {
        OtaProfile p = shop();
        p.setProductionStore(fileUrl("prod"));
        p.setStagingStore(null);
        OtaGlobalConfiguration.get().setProfiles(List.of(p));
        assertThat(OtaGlobalConfiguration.get().isAllowFileStoresOnController()).isFalse(); // the default

        WorkflowRun off = run("otaRegistry(profile: 'shop')", Result.FAILURE);
        j.assertLogContains("otaRegistry: bad input: productionStore is a file:// store, which this step would open "
                + "on the Jenkins controller: refused", off);
        j.assertLogContains("allowFileStoresOnController", off);
        WorkflowRun rollback = run("otaRollback(profile: 'shop', reason: 'r')", Result.FAILURE);
        j.assertLogContains("allowFileStoresOnController", rollback);
        assertThat(tmp.resolve("prod")).doesNotExist();

        OtaGlobalConfiguration.get().setAllowFileStoresOnController(true);
        WorkflowRun on = run("echo \"releases ${otaRegistry(profile: 'shop').size()}\"", Result.SUCCESS);
        j.assertLogContains("releases 0", on);
    }

    @Test
    void awsWithoutTheProfilesCredentialIsRefusedNeverTheControllersChain() throws Exception {
        OtaProfile p = shop();
        p.setS3CredentialsId(null);
        p.setCdn("cloudfront:E2EXAMPLE");
        OtaGlobalConfiguration.get().setProfiles(List.of(p));
        WorkflowRun s3 = run("otaRegistry(profile: 'shop')", Result.FAILURE);
        j.assertLogContains("otaRegistry: bad input: productionStore is an s3:// store and profile 'shop' names no "
                + "AWS credential for it: an administrator sets s3CredentialsId on the profile", s3);
        j.assertLogContains("The controller's own AWS identity is never used", s3);
        WorkflowRun promote = run("otaPromote(profile: 'shop', to: 'production', version: '3.4.1', percent: 5)",
                Result.FAILURE);
        j.assertLogContains("s3CredentialsId", promote);

        OtaProfile kms = shop();
        kms.setProductionStore(fileUrl("prod"));
        kms.setStagingStore(null);
        OtaSignerSettings signer = new OtaSignerSettings("kms");
        signer.setKeyId("ota-2026-a");
        signer.setKmsKey("alias/ota-release");
        kms.setSigner(signer);
        OtaGlobalConfiguration.get().setProfiles(List.of(kms));
        OtaGlobalConfiguration.get().setAllowFileStoresOnController(true);
        WorkflowRun noKmsCredential = run("otaRollback(profile: 'shop', reason: 'r')", Result.FAILURE);
        j.assertLogContains("the kms signer needs awsCredentialsId on the profile's signer", noKmsCredential);
    }

    @Test
    void everyCredentialAStepReadsIsRecordedOnTheBuild() throws Exception {
        AWSCredentialsImpl aws = new AWSCredentialsImpl(CredentialsScope.GLOBAL, "aws-ota", "AKIDEXAMPLE",
                "example-secret", "OTA stores");
        StringCredentialsImpl webhook = new StringCredentialsImpl(CredentialsScope.GLOBAL, "slack-releases", "",
                Secret.fromString("http://127.0.0.1:1/hooks/T000"));
        SystemCredentialsProvider.getInstance().getCredentials().add(aws);
        SystemCredentialsProvider.getInstance().getCredentials().add(webhook);
        SystemCredentialsProvider.getInstance().save();
        OtaProfile p = shop();
        p.setNotificationCredentialsIds("slack-releases");
        OtaGlobalConfiguration.get().setProfiles(List.of(p));

        // the S3 endpoint does not answer: the credential was still read for this build
        WorkflowRun registry = run("otaRegistry(profile: 'shop')", Result.FAILURE);
        assertThat(jobsThatUsed(aws)).contains(registry.getParent().getFullName());
        WorkflowRun notify = run("otaNotify(profile: 'shop', channel: 'releases', event: 'released', "
                + "version: '3.4.1', message: 'live')", Result.SUCCESS);
        assertThat(jobsThatUsed(webhook)).contains(notify.getParent().getFullName());
    }

    static List<String> jobsThatUsed(Credentials c) throws Exception {
        Fingerprint f = CredentialsProvider.getFingerprintOf(c);
        assertThat(f).as("a fingerprint of " + c).isNotNull();
        return f.getJobs();
    }
}
