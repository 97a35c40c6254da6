package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import io.otarelease.core.notify.Channel;
import io.otarelease.core.notify.Notifier;
import io.otarelease.core.notify.RecordingReceiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * otaNotify against ota-core's RecordingReceiver over real HTTP: what the receiver gets for a call the shared library
 * makes, a failed delivery reported and returned (never thrown unless failOnError), the webhook URL (a credential)
 * absent from the log and the result, and the credential-id rules of notificationCredentialsIds.
 */
class NotifyStepTest {
    static final String TOKEN = "T0000/B0000/XXXXsecretTOKENxxxx";
    static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");

    RecordingReceiver receiver;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    final List<Duration> slept = new ArrayList<>();
    final Notifier.Sleeper sleeper = slept::add;

    @BeforeEach
    void start() throws Exception {
        receiver = RecordingReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    /** A call as src/io/otarelease/pipeline/Notifier.groovy makes it for a rollback. */
    static OtaNotifyStep rollbackCall(String channel) {
        OtaNotifyStep s = new OtaNotifyStep(channel, "rollback", "3.4.1",
                "ROLLBACK: production reverted from 3.4.1 to 3.4.0 in 812 ms; canary FAIL at 5%");
        s.setProfile("shop");
        s.setSeverity("SEV-2");
        s.setPercent(5);
        return s;
    }

    Secret url(String path) {
        return Secret.of(receiver.url(path).toCharArray(), "credential 'slack-releases'");
    }

    @Test
    void theConstructorTakesWhatTheSharedLibraryAlwaysPasses() {
        assertThat(DataBindingTest.constructorParameters(OtaNotifyStep.class))
                .containsExactly("channel", "event", "version", "message");
        assertThat(DataBindingTest.fields(OtaNotifyStep.class)).contains("profile", "percent", "severity",
                "failOnError", "notificationCredentialsIds", "transport", "appId");
        assertThat(OtaNotifyStep.class.getConstructors()[0].isAnnotationPresent(DataBoundConstructor.class)).isTrue();
    }

    @Test
    void aSlackMessageReachesTheReceiverWithTheEventTheVersionAndTheText() {
        NotifyFlow.Request r = NotifyFlow.request(rollbackCall("releases"), "com.example.shop");
        Map<String, Object> out = NotifyFlow.send(r, url("/hooks/" + TOKEN), sleeper, NOW, log).toMap();

        assertThat(out).containsEntry("delivered", true).containsEntry("outcome", "DELIVERED")
                .containsEntry("channel", "releases").containsEntry("event", "rollback").containsEntry("attempts", 1);
        List<RecordingReceiver.Request> got = receiver.requests("/hooks/" + TOKEN);
        assertThat(got).hasSize(1);
        assertThat(got.get(0).contentType()).startsWith("application/json");
        assertThat(got.get(0).bodyText()).contains("\"blocks\"",
                "com.example.shop 3.4.1: rollback ROLLED BACK at 5% (SEV-2)",
                "ROLLBACK: production reverted from 3.4.1 to 3.4.0 in 812 ms; canary FAIL at 5%");
        assertThat(log()).contains("otaNotify: 'rollback' to releases: delivered via slack");
        assertThat(slept).isEmpty();
    }

    @Test
    void theWebhookTransportSendsOtaNotificationJsonWithTheFields() {
        OtaNotifyStep s = rollbackCall("incidents");
        s.setTransport("webhook");
        NotifyFlow.send(NotifyFlow.request(s, "com.example.shop"), url("/incidents"), sleeper, NOW, log);

        String body = receiver.requests("/incidents").get(0).bodyText();
        assertThat(body).contains("\"schema\":\"ota-notification/1\"", "\"channel\":\"incidents\"",
                "\"severity\":\"SEV-2\"", "\"percent\":\"5\"", "\"stage\":\"rollback\"", "\"version\":\"3.4.1\"");
    }

    @Test
    void aFailedDeliveryIsRetriedReportedAndReturnedNotThrown() {
        receiver.failFirst(100, 500);
        NotifyFlow.Result result = NotifyFlow.send(NotifyFlow.request(rollbackCall("releases"), "com.example.shop"),
                url("/hooks/" + TOKEN), sleeper, NOW, log);
        Map<String, Object> out = result.toMap();

        assertThat(out).containsEntry("delivered", false).containsEntry("outcome", "FAILED")
                .containsEntry("attempts", 4);
        assertThat((String) out.get("detail")).isEqualTo("HTTP 500 after 4 attempts");
        assertThat(receiver.requests()).hasSize(4);
        assertThat(slept).hasSize(3);
        assertThat(log()).contains("WARNING: otaNotify: the 'rollback' notification to releases FAILED: "
                + "HTTP 500 after 4 attempts");
        assertThat(OtaNotifyStep.failure(result, false)).as("the build goes on").isNull();
        assertThat(OtaNotifyStep.failure(result, true)).isEqualTo("otaNotify: the 'rollback' notification to releases "
                + "failed (HTTP 500 after 4 attempts) and failOnError is set");
    }

    @Test
    void aWebhookThatIsDownIsReportedWithoutItsUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String down = "http://127.0.0.1:" + port + "/hooks/" + TOKEN;
        Map<String, Object> out = NotifyFlow.send(NotifyFlow.request(rollbackCall("engineering"), "com.example.shop"),
                Secret.of(down.toCharArray(), "credential 'slack-eng'"), sleeper, NOW, log).toMap();

        assertThat(out).containsEntry("delivered", false);
        assertThat(log()).contains("connection refused or unreachable after 4 attempts");
        assertThat(log() + out).doesNotContain(TOKEN).doesNotContain(String.valueOf(port));
    }

    @Test
    void theUrlIsNeverInTheLogTheResultOrAnError() {
        receiver.failFirst(1, 404);
        Map<String, Object> out = NotifyFlow.send(NotifyFlow.request(rollbackCall("releases"), "com.example.shop"),
                url("/hooks/" + TOKEN), sleeper, NOW, log).toMap();
        assertThat(out).containsEntry("delivered", false);
        assertThat((String) out.get("detail")).contains("HTTP 404", "credential 'slack-releases'");

        Secret plain = Secret.of(("http://hooks.example.com/" + TOKEN).toCharArray(), "credential 'slack-eng'");
        assertThatThrownBy(() -> NotifyFlow.send(NotifyFlow.request(rollbackCall("releases"), "com.example.shop"),
                plain, sleeper, NOW, log)).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("credential 'slack-eng'").hasMessageContaining("use https")
                .hasMessageNotContaining(TOKEN).hasMessageNotContaining("hooks.example.com");
        assertThat(log() + out).doesNotContain(TOKEN).doesNotContain(receiver.url(""));
        assertThat(plain.reveal()).as("destroyed after use").containsOnly('\0');
    }

    @Test
    void eachChannelTakesItsOwnCredentialOrTheSharedOne() {
        assertThat(NotifyFlow.credentialId("slack-release-webhook", Channel.INCIDENTS)).isEqualTo("slack-release-webhook");
        String ids = "engineering=slack-eng, releases = slack-rel ,incidents=pager";
        assertThat(NotifyFlow.credentialId(ids, Channel.ENGINEERING)).isEqualTo("slack-eng");
        assertThat(NotifyFlow.credentialId(ids, Channel.RELEASES)).isEqualTo("slack-rel");
        assertThat(NotifyFlow.credentialId("incidents=pager,slack-all", Channel.RELEASES)).isEqualTo("slack-all");
        assertThat(NotifyFlow.credentialId("incidents=pager,slack-all", Channel.INCIDENTS)).isEqualTo("pager");

        assertThatThrownBy(() -> NotifyFlow.credentialId("engineering=slack-eng", Channel.RELEASES))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessage("notificationCredentialsIds has no id for the releases channel: add releases=<credentials id>");
        assertThatThrownBy(() -> NotifyFlow.credentialId(null, Channel.RELEASES))
                .hasMessageContaining("needs notificationCredentialsIds").hasMessageContaining("Secret text");
        assertThatThrownBy(() -> NotifyFlow.credentialId("a,b", Channel.RELEASES)).hasMessageContaining("two ids");
        assertThatThrownBy(() -> NotifyFlow.credentialId("support=x", Channel.RELEASES))
                .hasMessageContaining("\"support\" is not a channel");
    }

    @Test
    void aMissingOrWrongKindCredentialNamesTheIdAndTheKindExpected() {
        Map<String, Object> store = Map.of("slack-eng", new FakeCredentials.File("slack-eng"));
        CredentialResolver resolver = new CredentialResolver(store::get);

        assertThatThrownBy(() -> OtaNotifyStep.webhookUrl(resolver, "slack-rel"))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessageStartingWith("Credentials 'slack-rel' (notificationCredentialsIds) were not found for this "
                        + "build: add a Secret text credential");
        assertThatThrownBy(() -> OtaNotifyStep.webhookUrl(resolver, "slack-eng"))
                .hasMessage("Credentials 'slack-eng' (notificationCredentialsIds) are of type 'Secret file' where "
                        + "'Secret text' was expected");
    }

    @Test
    void badCallsAreRefusedWithTheParameterAtFault() {
        assertThatThrownBy(() -> NotifyFlow.request(rollbackCall("support"), "a"))
                .hasMessageContaining("otaNotify channel: \"support\" is not a channel");
        assertThatThrownBy(() -> NotifyFlow.request(new OtaNotifyStep("releases", "Roll Back!", "1", "m"), "a"))
                .hasMessageContaining("otaNotify event:");
        assertThatThrownBy(() -> NotifyFlow.request(new OtaNotifyStep("releases", "rollback", " ", "m"), "a"))
                .hasMessage("otaNotify needs version: the release the message is about");
        assertThatThrownBy(() -> NotifyFlow.request(new OtaNotifyStep("releases", "rollback", "1", null), "a"))
                .hasMessage("otaNotify needs message: the text people read");
        assertThatThrownBy(() -> NotifyFlow.request(rollbackCall("releases"), null))
                .hasMessageContaining("otaNotify needs appId");
        OtaNotifyStep s = rollbackCall("releases");
        s.setTransport("email");
        assertThatThrownBy(() -> NotifyFlow.request(s, "a")).hasMessageContaining("transport: must be slack or webhook");
        OtaNotifyStep p = rollbackCall("releases");
        p.setPercent(101);
        assertThatThrownBy(() -> NotifyFlow.request(p, "a")).hasMessageContaining("percent: must be 0");
    }

    @Test
    void severityNoneAndAnUnknownEventReadPlainly() {
        OtaNotifyStep s = new OtaNotifyStep("engineering", "smoke-tests", "3.4.1", "smoke tests passed");
        s.setSeverity("none");
        NotifyFlow.Request r = NotifyFlow.request(s, "com.example.shop");
        assertThat(r.severity()).isNull();
        assertThat(NotifyFlow.event(r, NOW).fields()).containsEntry("status", "reported")
                .doesNotContainKey("severity").doesNotContainKey("percent");
    }
}
