package io.otarelease.core.incident;

/** How {@code ota incident timeline} and the demo show an incident to a person. */
public final class IncidentText {
    private IncidentText() {
    }

    public static String timeline(Incident i) {
        StringBuilder out = new StringBuilder();
        out.append(i.id()).append("  ").append(i.severity()).append("  ").append(i.appId()).append(' ')
                .append(i.version()).append(" on ").append(i.channel()).append("  [").append(i.status()).append("]\n");
        out.append("  ").append(i.summary()).append('\n');
        out.append("  impact: ").append(i.impact()).append('\n');
        out.append("  decision: ").append(i.decision().action()).append(" (respond within ")
                .append(i.decision().respondWithin()).append(")\n");
        for (String p : i.decision().path()) {
            out.append("    ").append(p).append('\n');
        }
        if (i.rolledBackTo() != null) {
            out.append("  rolled back to: ").append(i.rolledBackTo()).append('\n');
        }
        out.append("  timeline:\n");
        for (Incident.Entry e : i.timeline()) {
            out.append(String.format("    %s  %-11s %-10s %s%n", e.at(), e.phase().label(), e.actor(), e.text()));
        }
        if (!i.checklist().isEmpty()) {
            out.append("  post-rollback checklist:\n");
            for (CheckItem c : i.checklist()) {
                out.append("    ").append(c.line()).append('\n');
            }
        }
        out.append("  links:\n");
        new java.util.TreeMap<>(i.links()).forEach((k, v) -> out.append("    ").append(k).append(": ").append(v).append('\n'));
        return out.toString();
    }
}
