package io.otarelease.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook URL (a bearer credential) never shows in a report, a toString or a message, whatever goes wrong. */
class WebhookSecretTest {
    static final String TOKEN = "T0k3nB00B5s3cr3t";

    @TempDir
    Path dir;

    @Test
    void noDeliveryOutcomeOrDescriptionEverShowsTheUrl() throws IOException {
        int downPort;
        try (ServerSocket s = new ServerSocket(0)) {
            downPort = s.getLocalPort();
        }
        List<String> seen = new ArrayList<>();
        try (RecordingReceiver receiver = RecordingReceiver.start()) {
            for (int status : new int[] {200, 404, 500, 429}) {
                receiver.failFirst(status == 200 ? 0 : 100, status);
                NotifyConfig c = config(Map.of("E", receiver.url("/eng/" + TOKEN),
                        "I", "http://127.0.0.1:" + downPort + "/inc/" + TOKEN));
                seen.add(c.toString());
                c.endpoints().values().forEach(e -> seen.add(e.toString() + e.url()));
                NotifyReport r = new Notifier(c, d -> { }).send(SampleEvents.incident());
                seen.add(r.summary());
                seen.addAll(r.lines());
                r.deliveries().forEach(d -> seen.add(d.detail() + d.line() + d.channel()));
            }
        }
        assertThat(seen).hasSizeGreaterThan(10).noneMatch(s -> s.contains(TOKEN));
        assertThat(String.join("\n", seen)).contains("HTTP 404 (the receiver refused", "HTTP 500 after 4 attempts",
                "HTTP 429 after 4 attempts", "connection refused or unreachable after 4 attempts");
    }

    private NotifyConfig config(Map<String, String> env) throws IOException {
        Path f = dir.resolve("n.yaml");
        Files.writeString(f, "schema: ota-notify/1\nchannels:\n  engineering: {transport: slack, urlEnv: E}\n"
                + "  incidents: {transport: webhook, urlEnv: I}\n");
        return NotifyConfig.load(f, env);
    }
}
