package io.otarelease.core.gate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * JUnit XML as Jenkins' junit step reads it: one {@code <testsuite>} for the bundle and one {@code <testcase>}
 * per gate, failed gates with a {@code <failure>} that lists their findings, skipped gates {@code <skipped/>}.
 */
public final class JUnitReport {
    private JUnitReport() {
    }

    public static byte[] write(GateReport report, Instant at) {
        long failures = report.failedCount();
        long skipped = report.results().stream().filter(r -> r.status() == GateResult.Status.SKIP).count();
        double total = report.results().stream().mapToLong(GateResult::millis).sum() / 1000.0;
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append(String.format(Locale.ROOT, "<testsuites name=\"ota gate\" tests=\"%d\" failures=\"%d\" errors=\"0\" "
                + "time=\"%.3f\">%n", report.results().size(), failures, total));
        x.append(String.format(Locale.ROOT, "  <testsuite name=\"ota gate\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\" "
                + "time=\"%.3f\" timestamp=\"%s\" hostname=\"localhost\">%n", report.results().size(), failures,
                skipped, total, DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(at.atOffset(ZoneOffset.UTC).withNano(0))));
        x.append("    <properties>\n      <property name=\"bundle\" value=\"").append(escape(report.bundle().toString()))
                .append("\"/>\n    </properties>\n");
        for (GateResult r : report.results()) {
            x.append(String.format(Locale.ROOT, "    <testcase classname=\"ota.gate\" name=\"%s\" time=\"%.3f\">%n",
                    escape(r.gate()), r.millis() / 1000.0));
            if (r.status() == GateResult.Status.SKIP) {
                x.append("      <skipped>").append(escape(r.summary())).append("</skipped>\n");
            } else if (r.failed()) {
                String body = r.blockingFindings().stream()
                        .map(f -> f.location() + " [" + f.rule() + "] " + f.message())
                        .collect(Collectors.joining("\n"));
                if (!r.details().isEmpty()) {
                    body = body + "\n" + String.join("\n", r.details());
                }
                x.append("      <failure type=\"").append(escape(r.gate())).append("\" message=\"")
                        .append(escape(r.blockingFindings().size() + " finding(s): " + r.summary())).append("\">")
                        .append(escape(body)).append("</failure>\n");
            }
            x.append("      <system-out>").append(escape(r.summary())).append("</system-out>\n");
            x.append("    </testcase>\n");
        }
        x.append("  </testsuite>\n</testsuites>\n");
        return x.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Escapes markup, and writes a character XML 1.0 cannot carry at all (control characters, U+FFFE, U+FFFF, a
     * lone surrogate) as a backslash, 'u' and four hex digits, so any file name still gives a well-formed report.
     */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> {
                    boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1));
                    if (pair) {
                        sb.append(c).append(s.charAt(++i)); // U+10000 and above are legal
                    } else if (c == '\t' || c == '\n' || c == '\r'
                            || (c >= 0x20 && c < 0xd800) || (c >= 0xe000 && c <= 0xfffd)) {
                        sb.append(c);
                    } else {
                        sb.append(String.format("\\u%04X", (int) c));
                    }
                }
            }
        }
        return sb.toString();
    }
}
