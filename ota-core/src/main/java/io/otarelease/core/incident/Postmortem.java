package io.otarelease.core.incident;

import java.time.Duration;
import java.util.Map;

/**
 * A blameless postmortem skeleton in Markdown, pre-filled from the incident record: the facts a machine knows
 * (timeline, decision, checklist, links, time to mitigate) and headed blanks for what only people can write.
 */
public final class Postmortem {
    private Postmortem() {
    }

    public static String markdown(Incident i) {
        StringBuilder md = new StringBuilder();
        md.append("# Postmortem: ").append(i.id()).append(" — ").append(i.appId()).append(' ').append(i.version())
                .append(" (").append(i.severity()).append(")\n\n");
        md.append("_Blameless: we describe what the system and the process allowed, not who erred._\n\n");
        md.append("| | |\n|---|---|\n");
        row(md, "Status", i.status());
        row(md, "Severity", i.severity() + " — " + i.decision().action());
        row(md, "Opened", i.openedAt() + " by " + i.openedBy());
        row(md, "Channel", i.channel());
        row(md, "Failed release", i.version());
        row(md, "Rolled back to", i.rolledBackTo() == null ? "no rollback recorded" : i.rolledBackTo());
        row(md, "Time to mitigate", timeTo(i, Phase.ROLLBACK));
        row(md, "Time to verify", timeTo(i, Phase.VERIFY));
        md.append("\n## Summary\n\n").append(i.summary()).append("\n\n");
        md.append("## User impact\n\n").append(i.impact()).append("\n\n");
        md.append("## Runbook decision\n\n");
        for (String p : i.decision().path()) {
            md.append("- ").append(p.strip()).append('\n');
        }
        md.append("\n## Timeline (UTC)\n\n| Time | Phase | Who | What |\n|---|---|---|---|\n");
        for (Incident.Entry e : i.timeline()) {
            md.append("| ").append(e.at()).append(" | ").append(e.phase().label()).append(" | ").append(cell(e.actor()))
                    .append(" | ").append(cell(e.text())).append(" |\n");
        }
        md.append("\n## Post-rollback checklist\n\n");
        if (i.checklist().isEmpty()) {
            md.append("Not run yet: `ota incident check ").append(i.id()).append(" ...`\n");
        }
        for (CheckItem c : i.checklist()) {
            md.append("- ").append(c.line()).append('\n');
        }
        md.append("\n## Evidence\n\n");
        for (Map.Entry<String, Object> l : new java.util.TreeMap<>(i.links()).entrySet()) {
            md.append("- ").append(l.getKey()).append(": ").append(l.getValue()).append('\n');
        }
        md.append("\n## Root cause\n\n_To be written after the investigation (source maps of ").append(i.version())
                .append(", local reproduction)._\n\n");
        md.append("## What would have caught it earlier\n\n_Detection, testing or process change; one per line._\n\n");
        md.append("## Follow-up tickets\n\n| Ticket | Owner | Due |\n|---|---|---|\n| | | |\n\n");
        md.append("## Distribution\n\nShare with #ota-engineering, #ota-releases and #ota-incidents within 48 hours "
                + "(due ").append(i.openedAt().plus(Duration.ofHours(48))).append(").\n");
        return md.toString();
    }

    private static String timeTo(Incident i, Phase phase) {
        return i.timeline().stream().filter(e -> e.phase() == phase).findFirst()
                .map(e -> minutes(Duration.between(i.openedAt(), e.at()))).orElse("n/a (no " + phase.label() + " recorded)");
    }

    private static String minutes(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
    }

    private static void row(StringBuilder md, String k, String v) {
        md.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n");
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
