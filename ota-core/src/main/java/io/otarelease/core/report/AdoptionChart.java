package io.otarelease.core.report;

import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Draws an adoption report as a self-contained SVG (no fonts, scripts or external references), so it opens in any
 * browser, can be archived by Jenkins and converted with rsvg-convert. The x axis runs from the release to
 * 72 h or to now, whichever is later; each target is a marker the curve should reach.
 */
public final class AdoptionChart {
    private static final int W = 860;
    private static final int H = 460;
    private static final int LEFT = 70;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int BOTTOM = 60;

    private AdoptionChart() {
    }

    public static String svg(AdoptionReport.Result r) {
        double hours = Math.max(72, Math.ceil(r.curve().isEmpty() ? 0 : r.curve().get(r.curve().size() - 1).hours()));
        double tick = hours <= 96 ? 12 : hours <= 240 ? 24 : 48;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" viewBox=\"0 0 ").append(W).append(' ').append(H).append("\" font-family=\"sans-serif\">\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        s.append(text(W / 2.0, 28, "middle", 18, "#222",
                "Adoption of " + r.version() + " (share of active devices)"));
        s.append(text(W / 2.0, 48, "middle", 12, "#666", "released "
                + DateTimeFormatter.ISO_INSTANT.format(r.releasedAt().atOffset(ZoneOffset.UTC).toInstant())
                + (r.releaseFound() ? " (first device seen)" : "") + ", now " + pct(r.nowPercent())));
        // grid and axes
        for (int p = 0; p <= 100; p += 20) {
            double y = y(p);
            s.append(line(LEFT, y, W - RIGHT, y, p == 0 ? "#444" : "#e3e3e3", 1, null));
            s.append(text(LEFT - 8, y + 4, "end", 12, "#444", p + "%"));
        }
        for (double h = 0; h <= hours + 1e-9; h += tick) {
            double x = x(h, hours);
            s.append(line(x, TOP, x, H - BOTTOM, h == 0 ? "#444" : "#f0f0f0", 1, null));
            s.append(text(x, H - BOTTOM + 18, "middle", 12, "#444", (int) h + " h"));
        }
        s.append(text(LEFT + (W - LEFT - RIGHT) / 2.0, H - 18, "middle", 12, "#444", "hours since release"));
        // targets: a dashed step the curve should stay above, and a marker at each milestone
        StringBuilder target = new StringBuilder();
        double prevX = x(0, hours);
        double prevY = y(0);
        target.append(f(prevX)).append(',').append(f(prevY));
        for (AdoptionReport.Milestone m : AdoptionReport.TARGETS) {
            double mx = x(m.after().toMinutes() / 60.0, hours);
            target.append(' ').append(f(mx)).append(',').append(f(prevY));
            prevY = y(m.targetPercent());
            target.append(' ').append(f(mx)).append(',').append(f(prevY));
        }
        target.append(' ').append(f(x(hours, hours))).append(',').append(f(prevY));
        s.append("<polyline points=\"").append(target).append("\" fill=\"none\" stroke=\"#d9822b\" stroke-width=\"1.5\" "
                + "stroke-dasharray=\"6 4\"/>\n");
        // the curve
        if (!r.curve().isEmpty()) {
            StringBuilder pts = new StringBuilder();
            for (AdoptionReport.Point p : r.curve()) {
                pts.append(f(x(p.hours(), hours))).append(',').append(f(y(p.percent()))).append(' ');
            }
            s.append("<polyline points=\"").append(pts.toString().trim())
                    .append("\" fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>\n");
        }
        for (AdoptionReport.Reading reading : r.readings()) {
            double h = reading.milestone().after().toMinutes() / 60.0;
            double mx = x(h, hours);
            double ty = y(reading.milestone().targetPercent());
            s.append("<rect x=\"").append(f(mx - 4)).append("\" y=\"").append(f(ty - 4))
                    .append("\" width=\"8\" height=\"8\" fill=\"#d9822b\"/>\n");
            String label = (int) h + " h: target " + pct(reading.milestone().targetPercent());
            if (reading.percent() != null) {
                String color = reading.met() ? "#2f855a" : "#c53030";
                s.append("<circle cx=\"").append(f(mx)).append("\" cy=\"").append(f(y(reading.percent())))
                        .append("\" r=\"5\" fill=\"").append(color).append("\"/>\n");
                label += ", measured " + pct(reading.percent()) + (reading.met() ? " ✓" : " ✗");
            } else {
                label += ", not reached yet";
            }
            double ly = Math.min(H - BOTTOM - 10, Math.max(TOP + 14, reading.percent() == null ? ty + 18
                    : Math.max(ty, y(reading.percent())) + 24));
            s.append(text(Math.min(mx + 8, W - RIGHT - 4), ly, mx + 8 > W - 260 ? "end" : "start", 12, "#222", label));
        }
        // legend
        // legend at the bottom right, where an adoption curve (high after the first day) never runs
        int ly = H - BOTTOM - 44;
        s.append("<rect x=\"").append(W - RIGHT - 240).append("\" y=\"").append(ly - 6)
                .append("\" width=\"232\" height=\"40\" fill=\"#ffffff\" stroke=\"#dddddd\"/>\n");
        s.append(line(W - RIGHT - 230, ly + 6, W - RIGHT - 200, ly + 6, "#2b6cb0", 2.5, null));
        s.append(text(W - RIGHT - 194, ly + 10, "start", 12, "#222", "devices on " + r.version()));
        s.append(line(W - RIGHT - 230, ly + 24, W - RIGHT - 200, ly + 24, "#d9822b", 1.5, "6 4"));
        s.append(text(W - RIGHT - 194, ly + 28, "start", 12, "#222", "adoption target"));
        return s.append("</svg>\n").toString();
    }

    private static double x(double hours, double maxHours) {
        return LEFT + (W - LEFT - RIGHT) * Math.min(hours, maxHours) / maxHours;
    }

    private static double y(double percent) {
        return H - BOTTOM - (H - TOP - BOTTOM) * Math.max(0, Math.min(100, percent)) / 100;
    }

    private static String line(double x1, double y1, double x2, double y2, String color, double width, String dash) {
        return "<line x1=\"" + f(x1) + "\" y1=\"" + f(y1) + "\" x2=\"" + f(x2) + "\" y2=\"" + f(y2) + "\" stroke=\"" + color
                + "\" stroke-width=\"" + f(width) + "\"" + (dash == null ? "" : " stroke-dasharray=\"" + dash + "\"") + "/>\n";
    }

    private static String text(double x, double y, String anchor, int size, String color, String content) {
        return "<text x=\"" + f(x) + "\" y=\"" + f(y) + "\" text-anchor=\"" + anchor + "\" font-size=\"" + size
                + "\" fill=\"" + color + "\">" + escape(content) + "</text>\n";
    }

    static String pct(double p) {
        return String.format(Locale.ROOT, "%.1f%%", p);
    }

    private static String f(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    /** Versions come from the command line: escaped so they cannot add markup (or script) to the SVG. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
