package io.otarelease.cli;

import static io.otarelease.cli.ReleaseCommandsTest.concat;
import static io.otarelease.cli.ReleaseCommandsTest.ota;
import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.cli.ReleaseCommandsTest.Run;
import io.otarelease.core.notify.RecordingReceiver;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ota promote} and {@code ota rollback} with {@code --notify-config}: the release and rollback messages reach a
 * real local receiver after the pointer changed; a webhook that is down is printed and the rollback still exits 0;
 * the webhook URL (a credential) is never printed.
 */
class ReleaseNotifyTest {
    static final String TOKEN = "T0000/B0000/notifySECRETtoken";

    @TempDir
    Path tmp;
    String staging;
    String prod;
    Path keys;
    RecordingReceiver receiver;

    @BeforeEach
    void setUp() throws Exception {
        receiver = RecordingReceiver.start();
        staging = "file://" + tmp.resolve("staging");
        prod = "file://" + tmp.resolve("prod");
        keys = tmp.resolve("trusted-keys.json");
        for (String k : new String[] {"release", "channel"}) {
            assertThat(ota("keygen", "--key-id", k, "--private-key", tmp.resolve(k + ".pem").toString(),
                    "--trusted-keys", keys.toString()).code()).isZero();
        }
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    String[] signer(String key) {
        return new String[] {"--signer", "file", "--private-key", tmp.resolve(key + ".pem").toString(), "--key-id", key};
    }

    String[] channelArgs() {
        return new String[] {"--app-id", "com.example.shop", "--trusted-keys", keys.toString(), "--actor", "ci-bot"};
    }

    void release(String version, String content, String... extra) throws Exception {
        Path www = tmp.resolve("www-" + version);
        Files.createDirectories(www);
        Files.writeString(www.resolve("index.html"), "<html>" + content + "</html>");
        assertThat(ota(concat(new String[] {"sign", www.toString(), "--app-id", "com.example.shop", "--bundle-version",
            version}, signer("release"))).code()).isZero();
        assertThat(ota("stage", www.toString(), "--store", staging, "--trusted-keys", keys.toString()).code()).isZero();
        Run p = ota(concat(new String[] {"promote", version, "--from-store", staging, "--store", prod, "--percent", "100"},
                channelArgs(), signer("channel"), extra));
        assertThat(p.code()).as(p.err()).isZero();
    }

    /** engineering and releases as Slack webhooks, their URLs in files next to the config; retries kept short. */
    Path config(String engineeringUrl, String releasesUrl) throws Exception {
        Files.writeString(tmp.resolve("eng.url"), engineeringUrl);
        Files.writeString(tmp.resolve("rel.url"), releasesUrl);
        Path f = tmp.resolve("notify.yaml");
        Files.writeString(f, "schema: ota-notify/1\nchannels:\n"
                + "  engineering: {transport: slack, urlFile: eng.url}\n"
                + "  releases: {transport: webhook, urlFile: rel.url}\n"
                + "retry: {attempts: 2, initialDelayMs: 10, maxDelayMs: 10, timeoutSeconds: 2}\n");
        return f;
    }

    @Test
    void promoteAndRollbackTellTheChannelsAfterThePointerChanged() throws Exception {
        Path cfg = config(receiver.url("/eng/" + TOKEN), receiver.url("/rel"));
        release("1.0.0", "one");
        release("1.1.0", "two", "--notify-config", cfg.toString(), "--notify-note", "faster checkout",
                "--notify-eta", "done");

        assertThat(receiver.requests("/rel")).hasSize(1);
        assertThat(receiver.requests("/rel").get(0).bodyText()).contains("\"event\":\"release\"",
                "Released com.example.shop 1.1.0 to 100%", "\"change\":\"faster checkout\"", "\"previous\":\"1.0.0\"");
        assertThat(receiver.requests("/eng/" + TOKEN).get(0).bodyText()).contains("\"blocks\"");

        Run rb = ota(concat(new String[] {"rollback", "--store", prod, "--reason", "crash-free rate 97%",
            "--notify-config", cfg.toString()}, channelArgs(), signer("channel")));
        assertThat(rb.code()).as(rb.err()).isZero();
        assertThat(rb.out()).contains("rolled back com.example.shop/production to 1.0.0",
                "notified engineering delivered via slack", "notified releases    delivered via webhook");
        String body = receiver.requests("/rel").get(1).bodyText();
        assertThat(body).contains("\"event\":\"rollback\"", "ROLLBACK: com.example.shop is back on 1.0.0",
                "\"version\":\"1.1.0\"", "\"reason\":\"crash-free rate 97%\"");
        assertThat(rb.out() + rb.err()).doesNotContain(TOKEN).doesNotContain(receiver.url(""));
    }

    @Test
    void aWebhookThatIsDownIsPrintedAndTheRollbackStillSucceeds() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String down = "http://127.0.0.1:" + port + "/hooks/" + TOKEN;
        Path cfg = config(down, down);
        release("1.0.0", "one");
        release("1.1.0", "two");

        Run rb = ota(concat(new String[] {"rollback", "--store", prod, "--reason", "crash-free rate 97%",
            "--notify-config", cfg.toString()}, channelArgs(), signer("channel")));

        assertThat(rb.code()).as(rb.err()).isZero();
        assertThat(rb.out()).contains("rolled back com.example.shop/production to 1.0.0 (sequence 3)",
                "notified engineering failed    connection refused or unreachable after 2 attempts");
        assertThat(rb.err()).contains("WARNING: ota rollback: a notification could not be delivered",
                "the rollback itself succeeded");
        assertThat(rb.out() + rb.err()).doesNotContain(TOKEN).doesNotContain(":" + port);
        Run show = ota(concat(new String[] {"channel", "show", "--store", prod}, channelArgs()));
        assertThat(show.out()).contains("current   1.0.0 at 100%");
    }

    @Test
    void aBrokenConfigStopsAPromotionBeforeAnyChangeButNeverARollback() throws Exception {
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "schema: ota-notify/1\nchannels:\n  releases: {transport: slack, urlEnv: "
                + "OTA_TEST_UNSET_WEBHOOK_VARIABLE}\n");
        release("1.0.0", "one");
        Path www = tmp.resolve("www-1.1.0");
        Files.createDirectories(www);
        Files.writeString(www.resolve("index.html"), "<html>two</html>");
        ota(concat(new String[] {"sign", www.toString(), "--app-id", "com.example.shop", "--bundle-version", "1.1.0"},
                signer("release")));
        ota("stage", www.toString(), "--store", staging, "--trusted-keys", keys.toString());

        Run p = ota(concat(new String[] {"promote", "1.1.0", "--from-store", staging, "--store", prod, "--percent", "100",
            "--notify-config", bad.toString()}, channelArgs(), signer("channel")));
        assertThat(p.code()).isEqualTo(2);
        assertThat(p.err()).contains("OTA_TEST_UNSET_WEBHOOK_VARIABLE");
        assertThat(ota(concat(new String[] {"channel", "show", "--store", prod}, channelArgs())).out())
                .contains("current   1.0.0 at 100%");

        assertThat(ota(concat(new String[] {"promote", "1.1.0", "--from-store", staging, "--store", prod, "--percent", "100"},
                channelArgs(), signer("channel"))).code()).isZero();
        Run rb = ota(concat(new String[] {"rollback", "--store", prod, "--reason", "bad", "--notify-config",
            bad.toString()}, channelArgs(), signer("channel")));
        assertThat(rb.code()).as(rb.err()).isZero();
        assertThat(rb.err()).contains("WARNING: ota rollback: no notifications:", "OTA_TEST_UNSET_WEBHOOK_VARIABLE");
    }
}
