package io.otarelease.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.json.JsonReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing, transports, retries and failures against a local receiver that records what it is sent. */
class NotifierTest {
    @TempDir
    Path dir;
    RecordingReceiver receiver;
    final List<Duration> slept = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        receiver = RecordingReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    private NotifyConfig config(String extra) throws IOException {
        Path f = dir.resolve("notify.yaml");
        Files.writeString(f, """
                schema: ota-notify/1
                channels:
                  engineering: {transport: slack, urlEnv: ENG_URL}
                  releases: {transport: slack, urlFile: releases.url}
                  incidents: {transport: webhook, urlEnv: INC_URL}
                """ + extra);
        Files.writeString(dir.resolve("releases.url"), receiver.url("/releases") + "\n");
        return NotifyConfig.load(f, Map.of("ENG_URL", receiver.url("/eng"), "INC_URL", receiver.url("/inc")));
    }

    private Notifier notifier(NotifyConfig c) {
        return new Notifier(c, slept::add);
    }

    @Test
    void eachEventTypeReachesTheSeedsChannelsInItsFormat() throws IOException {
        Notifier n = notifier(config(""));
        for (Event e : SampleEvents.all()) {
            NotifyReport r = n.send(e);
            assertThat(r.anyFailed()).as(r.summary()).isFalse();
        }
        // engineering hears everything, releases releases and rollbacks, incidents only incidents
        assertThat(receiver.requests("/eng")).hasSize(4);
        assertThat(receiver.requests("/releases")).hasSize(2);
        assertThat(receiver.requests("/inc")).hasSize(1);
        RecordingReceiver.Request inc = receiver.requests("/inc").get(0);
        assertThat(inc.contentType()).startsWith("application/json");
        assertThat(inc.body()).isEqualTo(MessageFormats.webhook(SampleEvents.incident(), Channel.INCIDENTS));
        assertThat(receiver.requests("/releases").get(1).body()).isEqualTo(MessageFormats.slack(SampleEvents.rollback()));
        @SuppressWarnings("unchecked")
        Map<String, Object> slack = (Map<String, Object>) JsonReader.parse(receiver.requests("/eng").get(0).body());
        assertThat(slack).containsKeys("text", "blocks");
        assertThat(slept).isEmpty();
    }

    @Test
    void routesFromTheConfigReplaceTheDefaultsOfTheTypesTheyName() throws IOException {
        Notifier n = notifier(config("routes:\n  rollback: [engineering, releases, incidents]\n  pipeline: []\n"));
        assertThat(n.send(SampleEvents.rollback()).deliveries()).extracting(Delivery::channel)
                .containsExactly(Channel.ENGINEERING, Channel.RELEASES, Channel.INCIDENTS);
        assertThat(n.send(SampleEvents.pipeline()).deliveries()).isEmpty();
        assertThat(n.send(SampleEvents.release()).deliveries()).extracting(Delivery::channel)
                .containsExactly(Channel.ENGINEERING, Channel.RELEASES);
    }

    @Test
    void aReceiverAnswering500IsRetriedWithExponentialBackoffUntilItAccepts() throws IOException {
        receiver.failFirst(2, 500);
        Notifier n = notifier(config("retry: {attempts: 4, initialDelayMs: 200, maxDelayMs: 300}\n"));
        NotifyReport r = n.send(SampleEvents.pipeline());
        Delivery d = r.deliveries().get(0);
        assertThat(d.outcome()).isEqualTo(Delivery.Outcome.DELIVERED);
        assertThat(d.attempts()).isEqualTo(3);
        assertThat(d.detail()).isEqualTo("via slack (attempt 3)");
        assertThat(slept).containsExactly(Duration.ofMillis(200), Duration.ofMillis(300));
        assertThat(receiver.requests("/eng")).hasSize(3);
    }

    @Test
    void aReceiverThatKeepsFailingIsReportedNotThrown() throws IOException {
        receiver.failFirst(100, 503);
        NotifyReport r = notifier(config("retry: {attempts: 3, initialDelayMs: 100}\n")).send(SampleEvents.incident());
        assertThat(r.anyFailed()).isTrue();
        assertThat(r.deliveries()).extracting(Delivery::outcome).containsOnly(Delivery.Outcome.FAILED);
        assertThat(r.deliveries().get(0).detail()).isEqualTo("HTTP 503 after 3 attempts");
        assertThat(r.summary()).isEqualTo("engineering FAILED (HTTP 503 after 3 attempts), incidents FAILED (HTTP 503 "
                + "after 3 attempts)");
        assertThat(slept).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(100),
                Duration.ofMillis(200));
    }

    @Test
    void aRefusedMessageIsNotRetried() throws IOException {
        receiver.failFirst(100, 404);
        Delivery d = notifier(config("")).send(SampleEvents.pipeline()).deliveries().get(0);
        assertThat(d.outcome()).isEqualTo(Delivery.Outcome.FAILED);
        assertThat(d.attempts()).isEqualTo(1);
        assertThat(d.detail()).startsWith("HTTP 404 (the receiver refused the message; check the webhook in "
                + "environment variable ENG_URL)");
        assertThat(slept).isEmpty();
    }

    @Test
    void aReceiverThatIsDownIsReportedAfterEveryAttempt() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Path f = dir.resolve("down.yaml");
        Files.writeString(f, "schema: ota-notify/1\nchannels:\n  engineering: {transport: webhook, urlEnv: U}\n");
        NotifyConfig c = NotifyConfig.load(f, Map.of("U", "http://127.0.0.1:" + port + "/hook"));
        NotifyReport r = notifier(c).send(SampleEvents.release());
        assertThat(r.deliveries()).extracting(Delivery::channel, Delivery::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Channel.ENGINEERING, Delivery.Outcome.FAILED),
                org.assertj.core.groups.Tuple.tuple(Channel.RELEASES, Delivery.Outcome.SKIPPED));
        assertThat(r.deliveries().get(0).detail()).isEqualTo("connection refused or unreachable after 4 attempts");
        assertThat(slept).containsExactly(Duration.ofMillis(500), Duration.ofMillis(1000), Duration.ofMillis(2000));
    }
}
