package io.otarelease.core.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The message templates of {@code resources/notify/} (copied into this jar): the first line is the title, then an
 * empty line, then the body in Slack mrkdwn. {@code {{field}}} is replaced by the event's value, escaped for where it
 * goes. The Jenkins shared library reads the same files, so both speak with one voice.
 */
public final class Templates {
    private static final Pattern FIELD = Pattern.compile("\\{\\{([a-zA-Z][a-zA-Z0-9_]*)}}");
    private static final Map<EventType, Template> CACHE = new EnumMap<>(EventType.class);

    /** A loaded template. */
    public record Template(String title, String body) {
        /** The field names the template uses, in order of appearance. */
        public Set<String> fields() {
            Set<String> out = new LinkedHashSet<>();
            Matcher m = FIELD.matcher(title + "\n" + body);
            while (m.find()) {
                out.add(m.group(1));
            }
            return out;
        }
    }

    /** A message made from a template: what a person reads. */
    public record Rendered(String title, String body) {
    }

    private Templates() {
    }

    public static synchronized Template of(EventType type) {
        return CACHE.computeIfAbsent(type, Templates::load);
    }

    private static Template load(EventType type) {
        String name = type.label() + ".txt";
        try (InputStream in = Templates.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("message template " + name + " is missing from the jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Template parse(String text, String name) {
        String t = text.replace("\r\n", "\n");
        int nl = t.indexOf('\n');
        if (nl < 1 || !t.startsWith("\n", nl + 1)) {
            throw new IllegalStateException("message template " + name + " must be a title line, an empty line, "
                    + "then the body");
        }
        return new Template(t.substring(0, nl).strip(), t.substring(nl + 2).strip());
    }

    /** Fills the template of {@code event}'s type; {@code escape} is applied to each value (not to the template). */
    public static Rendered render(Event event, UnaryOperator<String> titleEscape, UnaryOperator<String> bodyEscape) {
        Template t = of(event.type());
        return new Rendered(fill(t.title(), event, titleEscape), fill(t.body(), event, bodyEscape));
    }

    private static String fill(String template, Event event, UnaryOperator<String> escape) {
        Matcher m = FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = event.value(m.group(1));
            // Event's constructor refused events lacking a field; a null here is a bug in that check
            m.appendReplacement(out, Matcher.quoteReplacement(escape.apply(v)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
