package io.otarelease.core.notify;

import io.otarelease.client.json.CanonicalJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two wire formats: a Slack incoming-webhook message in Block Kit (header, section, context) and a generic JSON
 * document ({@value #SCHEMA}) for any other receiver. Both are canonical JSON, so the same event always gives the
 * same bytes (the golden files under the tests' resources pin them).
 */
public final class MessageFormats {
    public static final String SCHEMA = "ota-notification/1";
    /** Slack refuses header blocks longer than this. */
    static final int SLACK_HEADER_MAX = 150;

    private MessageFormats() {
    }

    public static byte[] slack(Event event) {
        Templates.Rendered r = Templates.render(event, MessageFormats::oneLine, MessageFormats::slackEscape);
        String header = r.title().length() > SLACK_HEADER_MAX ? r.title().substring(0, SLACK_HEADER_MAX - 1) + "…" : r.title();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", slackEscape(r.title())); // the notification preview and the fallback of clients without blocks
        m.put("blocks", List.of(
                Map.of("type", "header", "text", Map.of("type", "plain_text", "text", header)),
                Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", r.body())),
                Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn",
                        "text", slackEscape("ota " + event.type().label() + " · " + event.appId() + " · " + event.at()))))));
        return CanonicalJson.bytes(m);
    }

    public static byte[] webhook(Event event, Channel channel) {
        Templates.Rendered r = Templates.render(event, MessageFormats::oneLine, v -> v);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("channel", channel.label());
        m.put("event", event.type().label());
        m.put("appId", event.appId());
        m.put("at", event.at().toString());
        m.put("title", r.title());
        m.put("text", r.body());
        m.put("fields", new LinkedHashMap<>(event.fields()));
        return CanonicalJson.bytes(m);
    }

    /** The plain text of a message (title, body), as the demo and {@code ota notify --dry-run} print it. */
    public static String text(Event event) {
        Templates.Rendered r = Templates.render(event, MessageFormats::oneLine, v -> v);
        return r.title() + "\n" + r.body();
    }

    /** Slack's mrkdwn escaping: these three characters would otherwise open links and mentions. */
    static String slackEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Titles are one line, whatever a field holds. */
    static String oneLine(String s) {
        return s.replaceAll("[\\r\\n\\t]+", " ");
    }
}
