package io.otarelease.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configurations are refused with the key at fault, and never with the URL in the message. */
class NotifyConfigTest {
    static final String TOKEN_URL = "https://hooks.slack.example/services/T000/B000/s3cr3tT0k3n";

    @TempDir
    Path dir;

    private NotifyConfig load(String yaml, Map<String, String> env) throws IOException {
        Path f = dir.resolve("n.yaml");
        Files.writeString(f, yaml);
        return NotifyConfig.load(f, env);
    }

    private String failure(String yaml, Map<String, String> env) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> load(yaml, env));
        assertThat(t).isInstanceOf(OtaException.BadInput.class);
        assertThat(t.getMessage()).doesNotContain("s3cr3tT0k3n", "hooks.slack.example");
        return t.getMessage();
    }

    @Test
    void aValidConfigHasTheDefaultRoutesAndRetries() throws IOException {
        NotifyConfig c = load("schema: ota-notify/1\nchannels:\n  incidents: {transport: slack, urlEnv: X}\n",
                Map.of("X", TOKEN_URL));
        assertThat(c.routes()).isEqualTo(NotifyConfig.defaultRoutes());
        assertThat(c.retry()).isEqualTo(NotifyConfig.Retry.DEFAULT);
        assertThat(c.endpoints().get(Channel.INCIDENTS).toString())
                .isEqualTo("Endpoint[incidents, slack, Secret[environment variable X]]");
        assertThat(c.toString()).doesNotContain("s3cr3tT0k3n");
    }

    @Test
    void badConfigsNameTheKeyAtFault() {
        String head = "schema: ota-notify/1\nchannels:\n";
        assertThat(failure(head + "  incidents: {transport: slack, urlEnv: X}\n", Map.of()))
                .isEqualTo("environment variable X is not set");
        assertThat(failure(head + "  incidents: {transport: slack}\n", Map.of()))
                .contains("channels.incidents: give exactly one of urlEnv");
        assertThat(failure(head + "  incidents: {transport: slack, url: " + TOKEN_URL + "}\n", Map.of()))
                .contains("unknown key channels.incidents.url");
        assertThat(failure(head + "  pager: {transport: slack, urlEnv: X}\n", Map.of("X", TOKEN_URL)))
                .contains("\"pager\" is not a channel");
        assertThat(failure(head + "  incidents: {transport: email, urlEnv: X}\n", Map.of("X", TOKEN_URL)))
                .contains("channels.incidents.transport must be slack or webhook");
        assertThat(failure(head + "  incidents: {transport: slack, urlEnv: X}\nroutes: {deploy: [incidents]}\n",
                Map.of("X", TOKEN_URL))).contains("\"deploy\" is not an event type");
        assertThat(failure(head + "  incidents: {transport: slack, urlEnv: X}\nretry: {attempts: 0}\n",
                Map.of("X", TOKEN_URL))).contains("retry.attempts must be a whole number from 1 to 10");
        assertThat(failure("schema: ota-notify/2\nchannels: {}\n", Map.of())).contains("schema must be");
        assertThat(failure("schema: [unclosed\n", Map.of())).contains("is not valid YAML");
    }

    @Test
    void aWebhookUrlMustBeHttpsOrLoopbackHttpAndIsNeverEchoed() {
        String head = "schema: ota-notify/1\nchannels:\n  incidents: {transport: slack, urlEnv: X}\n";
        assertThat(failure(head, Map.of("X", TOKEN_URL.replace("https", "http"))))
                .contains("channels.incidents: the webhook URL from environment variable X is plain http to a "
                        + "non-loopback host");
        assertThat(failure(head, Map.of("X", "ftp://hooks.slack.example/s3cr3tT0k3n"))).contains("is not an https URL");
        assertThat(failure(head, Map.of("X", "https://user:s3cr3tT0k3n@hooks.slack.example/x")))
                .contains("carries a user name or password");
        assertThat(failure(head, Map.of("X", "not a url s3cr3tT0k3n"))).contains("is not a URL");
    }
}
