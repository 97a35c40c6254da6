package io.otarelease.core.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The weekly rollup as data: sections of lines, each line pointing at the numbered source it came from, so every
 * number can be traced (and a missing source shows as {@code n/a}, never as a made-up value).
 */
public record Rollup(String subject, List<Section> sections, List<String> sources) {
    /** One line; {@code mark} is ✓, ⚠, ✗ or empty; {@code source} is the 1-based index into sources, 0 for none. */
    public record Line(String text, String mark, int source) {
    }

    public record Section(String title, List<Line> lines) {
    }

    /** Collects sections and numbers sources as they are first cited. */
    static final class Builder {
        private final List<Section> sections = new ArrayList<>();
        private final List<String> sources = new ArrayList<>();
        private List<Line> current;

        Builder section(String title) {
            current = new ArrayList<>();
            sections.add(new Section(title, current));
            return this;
        }

        int source(String s) {
            int i = sources.indexOf(s);
            if (i < 0) {
                sources.add(s);
                return sources.size();
            }
            return i + 1;
        }

        Builder line(String text, String mark, int source) {
            current.add(new Line(text, mark, source));
            return this;
        }

        Rollup build(String subject) {
            List<Section> frozen = sections.stream().map(s -> new Section(s.title(), List.copyOf(s.lines()))).toList();
            return new Rollup(subject, frozen, List.copyOf(sources));
        }
    }

    /** Plain text for email: the guide's layout, a [n] after each traced line, the sources at the end. */
    public String text() {
        StringBuilder out = new StringBuilder("Subject: ").append(subject).append("\n\n");
        for (Section s : sections) {
            out.append(s.title()).append('\n');
            for (Line l : s.lines()) {
                out.append(l.text()).append(l.mark().isEmpty() ? "" : " " + l.mark())
                        .append(l.source() == 0 ? "" : " [" + l.source() + "]").append('\n');
            }
            out.append('\n');
        }
        out.append("---\nSources:\n");
        for (int i = 0; i < sources.size(); i++) {
            out.append("[").append(i + 1).append("] ").append(sources.get(i)).append('\n');
        }
        out.append("Questions? Reply to this email or post in #ota-releases.\n");
        return out.toString();
    }

    /** The same as a self-contained HTML page; every value is escaped. */
    public String html() {
        StringBuilder out = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(subject)).append("</title>\n<style>body{font-family:sans-serif;max-width:48em}"
                        + "h2{font-size:1em;margin-bottom:.2em}ul{margin-top:0}.src{color:#777;font-size:.8em}</style>"
                        + "</head><body>\n<h1>").append(esc(subject)).append("</h1>\n");
        for (Section s : sections) {
            out.append("<h2>").append(esc(s.title())).append("</h2>\n<ul>\n");
            for (Line l : s.lines()) {
                out.append("<li>").append(esc(l.text().strip())).append(l.mark().isEmpty() ? "" : " " + esc(l.mark()));
                if (l.source() != 0) {
                    out.append(" <a class=\"src\" href=\"#src").append(l.source()).append("\">[").append(l.source())
                            .append("]</a>");
                }
                out.append("</li>\n");
            }
            out.append("</ul>\n");
        }
        out.append("<h2>Sources</h2>\n<ol class=\"src\">\n");
        for (int i = 0; i < sources.size(); i++) {
            out.append("<li id=\"src").append(i + 1).append("\">").append(esc(sources.get(i))).append("</li>\n");
        }
        out.append("</ol>\n</body></html>\n");
        return out.toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
