package io.otarelease.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.json.JsonReader;
import io.otarelease.core.OtaException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every message format against its golden file in src/test/resources/notify/golden. After changing a template on
 * purpose, rewrite them with
 * {@code mvn -o -q -pl ota-core -am verify -Dtest=MessageFormatsTest -Dota.writeGolden=true
 * -Dsurefire.failIfNoSpecifiedTests=false} and review the diff.
 */
class MessageFormatsTest {
    static final Path GOLDEN = Path.of("src/test/resources/notify/golden");

    static List<Event> events() {
        return SampleEvents.all();
    }

    @ParameterizedTest
    @MethodSource("events")
    void slackBlockKitMatchesItsGoldenFile(Event e) throws IOException {
        golden(e.type().label() + ".slack.json", MessageFormats.slack(e));
    }

    @ParameterizedTest
    @MethodSource("events")
    void jsonWebhookMatchesItsGoldenFile(Event e) throws IOException {
        Channel ch = e.type() == EventType.INCIDENT ? Channel.INCIDENTS : Channel.RELEASES;
        golden(e.type().label() + ".webhook.json", MessageFormats.webhook(e, ch));
    }

    @ParameterizedTest
    @MethodSource("events")
    void plainTextMatchesItsGoldenFile(Event e) throws IOException {
        golden(e.type().label() + ".txt", (MessageFormats.text(e) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void slackMessagesAreBlockKitWithAHeaderASectionAndAContext() {
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) JsonReader.parse(MessageFormats.slack(SampleEvents.incident()));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> blocks = (List<Map<String, Object>>) doc.get("blocks");
        assertThat(blocks).extracting(b -> b.get("type")).containsExactly("header", "section", "context");
        assertThat(doc.get("text")).isEqualTo("SEV-1 incident INC-20260329-1400-3.4.1: com.example.shop 3.4.1");
    }

    @Test
    void slackControlCharactersInValuesAreEscapedSoNobodyIsMentionedOrLinked() {
        Event e = Event.of(EventType.PIPELINE, "app", SampleEvents.AT, Map.of("version", "1.0.0", "stage", "gate",
                "status", "failed", "detail", "<!channel> see <https://evil.example|here> & more"));
        String slack = new String(MessageFormats.slack(e), StandardCharsets.UTF_8);
        assertThat(slack).doesNotContain("<!channel>", "<https://").contains("&lt;!channel&gt;", "&amp; more");
        // the JSON webhook carries the text as it is: its receivers are programs, not Slack
        assertThat(new String(MessageFormats.webhook(e, Channel.ENGINEERING), StandardCharsets.UTF_8))
                .contains("<!channel>");
    }

    @Test
    void aLongTitleIsCutToSlacksHeaderLimit() {
        Event e = Event.of(EventType.PIPELINE, "app", SampleEvents.AT, Map.of("version", "1.0.0", "stage", "x".repeat(200),
                "status", "failed", "detail", "d"));
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) JsonReader.parse(MessageFormats.slack(e));
        @SuppressWarnings("unchecked")
        var header = (Map<String, Object>) ((List<Map<String, Object>>) doc.get("blocks")).get(0).get("text");
        assertThat((String) header.get("text")).hasSize(MessageFormats.SLACK_HEADER_MAX).endsWith("…");
    }

    @Test
    void anEventLackingAFieldItsTemplateUsesIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> Event.of(EventType.RELEASE, "app", SampleEvents.AT, Map.of("version", "1.0.0",
                "percent", "5", "change", "x")))
                .isInstanceOf(OtaException.BadInput.class)
                .hasMessage("a release notification needs the field eta (the template release.txt uses it)");
        assertThatThrownBy(() -> Event.of(EventType.PIPELINE, "app", SampleEvents.AT, Map.of("version", " ",
                "stage", "s", "status", "s", "detail", "d"))).hasMessage("notification field version is empty");
    }

    @Test
    void everyTemplateHasATitleAnEmptyLineAndABody() {
        for (EventType t : EventType.values()) {
            Templates.Template tpl = Templates.of(t);
            assertThat(tpl.title()).isNotBlank().doesNotContain("\n");
            assertThat(tpl.body()).isNotBlank();
        }
        assertThatThrownBy(() -> Templates.parse("title\nbody", "x.txt")).hasMessageContaining("x.txt must be a title line");
    }

    private static void golden(String name, byte[] actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("ota.writeGolden")) {
            Files.createDirectories(GOLDEN);
            Files.write(file, actual);
        }
        assertThat(file).as("golden file %s (see the class comment to regenerate)", file).exists();
        assertThat(new String(actual, StandardCharsets.UTF_8)).isEqualTo(Files.readString(file));
    }
}
