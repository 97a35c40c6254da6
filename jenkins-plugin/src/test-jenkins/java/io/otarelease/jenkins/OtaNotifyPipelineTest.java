package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Result;
import hudson.util.Secret;
import io.otarelease.core.notify.RecordingReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * otaNotify in a real pipeline (only in pom-jenkins.xml): outside node, the webhook URL from a Secret text credential
 * the profile names, the message at a local receiver, the URL in no build file, a failed delivery a warning.
 */
@WithJenkins
class OtaNotifyPipelineTest {
    static final String TOKEN = "T0000/B0000/pipelineSECRETtoken";

    JenkinsRule j;
    RecordingReceiver receiver;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        receiver = RecordingReceiver.start();
        SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(
                CredentialsScope.GLOBAL, "slack-releases", "releases webhook",
                Secret.fromString(receiver.url("/hooks/" + TOKEN))));
        SystemCredentialsProvider.getInstance().save();
        OtaProfile shop = new OtaProfile("shop");
        shop.setAppId("com.example.shop");
        shop.setNotificationCredentialsIds("releases=slack-releases");
        OtaGlobalConfiguration.get().setProfiles(List.of(shop));
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    WorkflowRun run(String script, Result expected) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p" + System.nanoTime());
        p.setDefinition(new CpsFlowDefinition(script, true));
        return j.assertBuildStatus(expected, p.scheduleBuild2(0));
    }

    @Test
    void theMessageReachesTheChannelAndTheUrlIsInNoBuildFile() throws Exception {
        WorkflowRun b = run("def n = otaNotify(profile: 'shop', channel: 'releases', event: 'rollback', "
                + "version: '3.4.1', severity: 'SEV-2', percent: 5, message: 'reverted to 3.4.0')\n"
                + "echo \"delivered=${n.delivered}\"", Result.SUCCESS);

        j.assertLogContains("delivered=true", b);
        assertThat(receiver.requests("/hooks/" + TOKEN)).hasSize(1);
        assertThat(receiver.requests("/hooks/" + TOKEN).get(0).bodyText()).contains("reverted to 3.4.0");
        for (Path p : Files.walk(b.getRootDir().toPath()).filter(Files::isRegularFile).toList()) {
            assertThat(Files.readString(p, StandardCharsets.ISO_8859_1)).as(p.toString()).doesNotContain(TOKEN);
        }
    }

    @Test
    void aFailedDeliveryIsAWarningUnlessFailOnError() throws Exception {
        receiver.failFirst(100, 404);
        WorkflowRun b = run("def n = otaNotify(profile: 'shop', channel: 'releases', event: 'released', "
                + "version: '3.4.1', message: 'live')\necho \"delivered=${n.delivered}\"", Result.SUCCESS);
        j.assertLogContains("WARNING: otaNotify: the 'released' notification to releases FAILED: HTTP 404", b);
        j.assertLogContains("delivered=false", b);

        WorkflowRun strict = run("otaNotify(profile: 'shop', channel: 'releases', event: 'released', "
                + "version: '3.4.1', message: 'live', failOnError: true)", Result.FAILURE);
        j.assertLogContains("failOnError is set", strict);
    }

    @Test
    void aChannelWithoutACredentialFailsNamingIt() throws Exception {
        WorkflowRun b = run("otaNotify(profile: 'shop', channel: 'incidents', event: 'canary-fail', "
                + "version: '3.4.1', message: 'x')", Result.FAILURE);
        j.assertLogContains("notificationCredentialsIds has no id for the incidents channel", b);
    }
}
