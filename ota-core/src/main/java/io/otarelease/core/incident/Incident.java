package io.otarelease.core.incident;

import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One incident ({@value #SCHEMA}), kept as {@code <appId>/incidents/<id>.json} in the production store: what
 * failed, how bad (the runbook's decision), what was done when (the timeline), where the evidence is (the release,
 * the registry, the audit records) and the post-rollback checklist. Immutable; changes return a copy that
 * {@link IncidentStore} writes compare-and-swap.
 *
 * @param rolledBackTo the release served after the rollback, null until there was one
 * @param links store keys of the failed release's manifest, the registry and the audit records of the incident
 */
public record Incident(String id, String appId, String channel, String version, String status, Instant openedAt,
                       String openedBy, String summary, String impact, Runbook.Decision decision, String rolledBackTo,
                       Map<String, Object> links, List<Entry> timeline, List<CheckItem> checklist) {
    public static final String SCHEMA = "ota-incident/1";
    public static final String OPEN = "open";
    public static final String MITIGATED = "mitigated";
    public static final String RESOLVED = "resolved";

    /** One line of the timeline. */
    public record Entry(Instant at, Phase phase, String actor, String text) {
    }

    public Incident {
        links = Map.copyOf(links);
        timeline = List.copyOf(timeline);
        checklist = List.copyOf(checklist);
    }

    public String severity() {
        return decision.severity();
    }

    public Incident with(Entry e) {
        List<Entry> t = new ArrayList<>(timeline);
        t.add(e);
        return new Incident(id, appId, channel, version, status, openedAt, openedBy, summary, impact, decision,
                rolledBackTo, links, t, checklist);
    }

    public Incident withStatus(String s) {
        return new Incident(id, appId, channel, version, s, openedAt, openedBy, summary, impact, decision, rolledBackTo,
                links, timeline, checklist);
    }

    public Incident withRollback(String target, Map<String, Object> moreLinks) {
        Map<String, Object> l = new LinkedHashMap<>(links);
        l.putAll(moreLinks);
        return new Incident(id, appId, channel, version, MITIGATED, openedAt, openedBy, summary, impact, decision,
                target, l, timeline, checklist);
    }

    public Incident withChecklist(List<CheckItem> items) {
        return new Incident(id, appId, channel, version, status, openedAt, openedBy, summary, impact, decision,
                rolledBackTo, links, timeline, items);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", SCHEMA);
        m.put("id", id);
        m.put("appId", appId);
        m.put("channel", channel);
        m.put("version", version);
        m.put("status", status);
        m.put("severity", decision.severity());
        m.put("openedAt", openedAt.toString());
        m.put("openedBy", openedBy);
        m.put("summary", summary);
        m.put("impact", impact);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("severity", decision.severity());
        d.put("action", decision.action());
        d.put("respondWithin", decision.respondWithin());
        d.put("path", decision.path());
        m.put("decision", d);
        if (rolledBackTo != null) {
            m.put("rolledBackTo", rolledBackTo);
        }
        m.put("links", links);
        m.put("timeline", timeline.stream().map(e -> (Object) Map.of("at", e.at().toString(), "phase",
                e.phase().label(), "actor", e.actor(), "text", e.text())).toList());
        m.put("checklist", checklist.stream().map(c -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("item", c.item());
            x.put("state", c.state().label());
            if (c.detail() != null) {
                x.put("detail", c.detail());
            }
            return (Object) x;
        }).toList());
        return m;
    }

    public byte[] toBytes() {
        return CanonicalJson.bytes(toJson());
    }

    public static Incident parse(byte[] bytes, String document) {
        JsonFields f = JsonFields.parse(bytes, document);
        f.expect("schema", SCHEMA);
        JsonFields d = f.object("decision");
        @SuppressWarnings("unchecked")
        List<String> path = (List<String>) d.raw().get("path");
        List<Entry> timeline = new ArrayList<>();
        for (JsonFields e : f.objects("timeline")) {
            timeline.add(new Entry(instant(e, "at"), Phase.parse(e.string("phase"), document + ": timeline phase"),
                    e.string("actor"), e.string("text")));
        }
        List<CheckItem> checklist = new ArrayList<>();
        for (JsonFields c : f.objects("checklist")) {
            CheckItem.State s;
            try {
                s = CheckItem.State.valueOf(c.string("state").toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw c.fail("state", "must be pass, fail or person");
            }
            checklist.add(new CheckItem(c.string("item"), s, c.optString("detail")));
        }
        return new Incident(f.string("id"), f.string("appId"), f.string("channel"), f.string("version"),
                f.string("status"), instant(f, "openedAt"), f.string("openedBy"), f.string("summary"), f.string("impact"),
                new Runbook.Decision(d.string("severity"), d.string("action"), d.string("respondWithin"),
                        path == null ? List.of() : path),
                f.optString("rolledBackTo"), f.object("links").raw(), timeline, checklist);
    }

    private static Instant instant(JsonFields f, String key) {
        try {
            return Instant.parse(f.string(key));
        } catch (java.time.format.DateTimeParseException e) {
            throw f.fail(key, "must be an ISO-8601 instant");
        }
    }
}
