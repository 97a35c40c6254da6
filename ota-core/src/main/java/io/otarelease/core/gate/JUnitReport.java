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

    /** Escapes markup and drops the control characters XML 1.0 cannot carry at all. */
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
                    if (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') {
                        sb.append(c);
                    } else {
                        sb.append('?');
                    }
                }
            }
        }
        return sb.toString();
    }
}
