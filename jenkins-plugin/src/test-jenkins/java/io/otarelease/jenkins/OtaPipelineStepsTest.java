package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Label;
import hudson.model.Result;
import hudson.util.Secret;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.testing.SoftHsm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
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
 * Real pipelines on a real Jenkins (only in pom-jenkins.xml, where the Jenkins repository is reachable): each step from
 * a sandboxed Jenkinsfile, a profile from the global configuration, credentials from the credentials store, one
 * run on an agent so the callables cross remoting.
 */
@WithJenkins
class OtaPipelineStepsTest {
    static final String BUNDLE = "writeFile file: 'www/index.html', text: '<!DOCTYPE html>'\n"
            + "writeFile file: 'www/js/app.js', text: 'start();'\n";

    @TempDir
    Path tmp;
    JenkinsRule j;
    Path devKey;
    String trustedKeysJson;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        KeyPair pair = KeyGen.generate(Algorithm.ECDSA_SHA_256);
        devKey = tmp.resolve("dev.pem");
        Files.writeString(devKey, KeyGen.privateKeyPem(pair));
        trustedKeysJson = new String(new TrustedKeys(List.of(new io.otarelease.client.signature.TrustedKey("dev",
                Algorithm.ECDSA_SHA_256, pair.getPublic()))).toCanonicalBytes(), StandardCharsets.UTF_8);

        OtaSignerSettings dev = new OtaSignerSettings("file");
        dev.setKeyId("dev");
        dev.setPrivateKeyFile(devKey.toString());
        OtaProfile shop = new OtaProfile("shop");
        shop.setAppId("com.example.shop");
        shop.setSigner(dev);
        shop.setTrustedKeys("keys/trusted-keys.json");
        OtaGlobalConfiguration.get().setProfiles(List.of(shop));
    }

    WorkflowRun run(String script, Result expected) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p" + System.nanoTime());
        p.setDefinition(new CpsFlowDefinition(script, true));
        return j.assertBuildStatus(expected, p.scheduleBuild2(0));
    }

    String trustedKeysStep() {
        return "writeFile file: 'keys/trusted-keys.json', text: '" + trustedKeysJson + "'\n";
    }

    @Test
    void signThenVerifyOnTheBuiltInNodeAndShowTheReleaseOnTheBuildPage() throws Exception {
        WorkflowRun b = run("node {\n" + BUNDLE + trustedKeysStep()
                + "def s = otaSign(profile: 'shop', version: '3.4.1')\n"
                + "echo \"signed ${s.version} ${s.bundleHash} by ${s.keyId} (${s.fileCount} files)\"\n"
                + "def v = otaVerify(profile: 'shop')\n"
                + "echo \"verified ${v.bundleHash}\"\n"
                + "}", Result.SUCCESS);

        OtaReleaseAction a = b.getAction(OtaReleaseAction.class);
        assertThat(a.getVersion()).isEqualTo("3.4.1");
        j.assertLogContains("signed 3.4.1 " + a.getBundleHash() + " by dev (2 files)", b);
        j.assertLogContains("verified " + a.getBundleHash(), b);
        j.assertLogContains("WARNING: signing with a development key file", b);
    }

    @Test
    void theManifestIsComputedOnAnAgentAndSignedOnTheController() throws Exception {
        j.createOnlineSlave(Label.get("remote"));

        WorkflowRun b = run("node('remote') {\n" + BUNDLE + trustedKeysStep()
                + "otaSign(profile: 'shop', version: '3.4.2', minNativeVersion: '3.0.0')\n"
                + "otaVerify(profile: 'shop')\n"
                + "echo readFile('www/manifest.json')\n"
                + "}", Result.SUCCESS);

        j.assertLogContains("\"minNativeVersion\":\"3.0.0\"", b);
        assertThat(b.getAction(OtaReleaseAction.class).getFileCount()).isEqualTo(2);
    }

    @Test
    void aTamperedBundleFailsOtaVerifyWithTheReasonAndNoStackTrace() throws Exception {
        WorkflowRun b = run("node {\n" + BUNDLE + trustedKeysStep()
                + "otaSign(profile: 'shop', version: '3.4.1')\n"
                + "writeFile file: 'www/js/app.js', text: 'steal();'\n"
                + "otaVerify(profile: 'shop')\n"
                + "}", Result.FAILURE);

        j.assertLogContains("otaVerify: check failed: www would be refused by devices", b);
        j.assertLogContains("js/app.js", b);
        j.assertLogNotContains("\tat io.otarelease", b);
    }

    @Test
    void pkcs11SigningReadsThePinCredentialAndNeverPrintsIt() throws Exception {
        SoftHsm hsm = SoftHsm.shared();
        SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(
                CredentialsScope.GLOBAL, "hsm-pin", "token PIN", Secret.fromString(SoftHsm.PIN)));
        SystemCredentialsProvider.getInstance().save();

        // the token's configuration is a path on the controller: only the profile may name it
        OtaSignerSettings token = new OtaSignerSettings("pkcs11");
        token.setKeyId("ota-2026-a");
        token.setKeyLabel(SoftHsm.EC_KEY);
        token.setPkcs11Config(hsm.pkcs11Config().toString());
        token.setPinCredentialsId("hsm-pin");
        OtaProfile hsmProfile = new OtaProfile("shop-hsm");
        hsmProfile.setAppId("com.example.shop");
        hsmProfile.setSigner(token);
        OtaGlobalConfiguration.get().setProfiles(List.of(hsmProfile));

        WorkflowRun b = run("node {\n" + BUNDLE
                + "def s = otaSign(profile: 'shop-hsm', version: '3.4.1')\n"
                + "echo \"signed by ${s.keyId}\"\n"
                + "}", Result.SUCCESS);

        j.assertLogContains("signed by ota-2026-a", b);
        j.assertLogNotContains(SoftHsm.PIN, b);
        for (Path p : Files.walk(b.getRootDir().toPath()).filter(Files::isRegularFile).toList()) {
            assertThat(Files.readString(p, StandardCharsets.ISO_8859_1)).as(p.toString()).doesNotContain(SoftHsm.PIN);
        }
    }

    @Test
    void aMissingOrWrongKindOfCredentialFailsWithItsIdAndKind() throws Exception {
        OtaSignerSettings token = new OtaSignerSettings("pkcs11");
        token.setKeyId("ota-2026-a");
        token.setKeyLabel("k");
        token.setPkcs11Library(SoftHsm.LIBRARY.toString());
        OtaProfile hsmProfile = new OtaProfile("shop-hsm");
        hsmProfile.setAppId("com.example.shop");
        hsmProfile.setSigner(token);
        OtaGlobalConfiguration.get().setProfiles(List.of(hsmProfile));
        WorkflowRun missing = run("node {\n" + BUNDLE
                + "otaSign(profile: 'shop-hsm', version: '3.4.1', pinCredentialsId: 'nope')\n}", Result.FAILURE);
        j.assertLogContains("Credentials 'nope' (pinCredentialsId) were not found for this build", missing);

        SystemCredentialsProvider.getInstance().getCredentials().add(new org.jenkinsci.plugins.plaincredentials.impl
                .FileCredentialsImpl(CredentialsScope.GLOBAL, "a-file", "", "pin.txt",
                com.cloudbees.plugins.credentials.SecretBytes.fromBytes("1234".getBytes(StandardCharsets.UTF_8))));
        WorkflowRun wrong = run("node {\n" + BUNDLE
                + "otaSign(profile: 'shop-hsm', version: '3.4.1', pinCredentialsId: 'a-file')\n}", Result.FAILURE);
        j.assertLogContains("Credentials 'a-file' (pinCredentialsId) are of type 'Secret file' where 'Secret text' "
                + "was expected", wrong);
    }

    @Test
    void anUnknownProfileListsTheDefinedOnes() throws Exception {
        WorkflowRun b = run("node { otaVerify(profile: 'shopp') }", Result.FAILURE);

        j.assertLogContains("no OTA Release profile named 'shopp' in Manage Jenkins » System (defined: shop)", b);
    }
}
