package io.otarelease.core.incident;

import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.canary.CanaryCheck;
import io.otarelease.core.notify.Event;
import io.otarelease.core.notify.EventType;
import io.otarelease.core.notify.Notifier;
import io.otarelease.core.notify.NotifyReport;
import io.otarelease.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens incidents and writes their timeline. Every step is one compare-and-swap update of the record, so the
 * timeline is complete up to the last step that finished, whatever fails after it.
 */
public final class Incidents {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmm").withZone(ZoneOffset.UTC);
    private final Store store;
    private final String appId;
    private final IncidentStore incidents;
    private final Clock clock;

    public Incidents(Store store, String appId, Clock clock) {
        this.store = store;
        this.appId = appId;
        this.incidents = new IncidentStore(store, appId);
        this.clock = clock;
    }

    public IncidentStore store() {
        return incidents;
    }

    /** What opening an incident needs; {@code detected} is the first timeline line (what fired). */
    public record OpenRequest(String channel, String version, String summary, String impact, String actor,
                              String detected, Runbook.Decision decision) {
    }

    public Incident open(OpenRequest r) {
        CanaryCheck.checkVersion(r.version(), "--version");
        Instant now = now();
        StoreLayout layout = new StoreLayout(appId);
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("registry", store.url() + layout.registry());
        String manifest = layout.manifest(r.version());
        links.put("release", store.exists(manifest) ? store.url() + manifest : "not in " + store.url() + " (" + manifest + ")");
        links.put("audit", auditOf(r.version()));
        Incident i = new Incident("INC-" + ID_TIME.format(now) + "-" + r.version(), appId, r.channel(), r.version(),
                Incident.OPEN, now, r.actor(), r.summary(), r.impact(), r.decision(), null, links,
                List.of(new Incident.Entry(now, Phase.DETECT, r.actor(), r.detected()),
                        new Incident.Entry(now, Phase.ASSESS, r.actor(), r.decision().severity() + ": "
                                + r.decision().action() + " (respond within " + r.decision().respondWithin() + "). "
                                + String.join(" / ", r.decision().path()))),
                List.of());
        return incidents.create(i);
    }

    /** Store keys of the audit records that name {@code version} (promotions of it, rollbacks from or to it). */
    List<String> auditOf(String version) {
        String prefix = new StoreLayout(appId).auditPrefix();
        return store.list(prefix).stream().filter(k -> store.get(k).map(o -> {
            String s = new String(o.bytes(), java.nio.charset.StandardCharsets.UTF_8);
            return s.contains("\"version\":\"" + version + "\"") || s.contains("\"quarantined\":\"" + version + "\"");
        }).orElse(false)).map(k -> store.url() + k).toList();
    }

    public Incident note(String id, Phase phase, String actor, String text) {
        Instant now = now();
        Incident updated = incidents.update(id, i -> i.with(new Incident.Entry(now, phase, actor, text)));
        if (phase == Phase.RESOLVE) {
            return incidents.update(id, i -> i.withStatus(Incident.RESOLVED));
        }
        return updated;
    }

    /** Records a rollback that served {@code target}; the audit records of it join the links. */
    public Incident rolledBack(String id, String actor, String target, String detail) {
        Instant now = now();
        return incidents.update(id, i -> i.withRollback(target, Map.of("audit", auditOf(i.version())))
                .with(new Incident.Entry(now, Phase.ROLLBACK, actor, detail)));
    }

    /** Runs the post-rollback checklist, keeps its result in the record and a VERIFY line in the timeline. */
    public Incident verify(String id, String actor, PostRollbackChecklist checklist) {
        List<CheckItem> items = checklist.run(incidents.read(id));
        long pass = items.stream().filter(c -> c.state() == CheckItem.State.PASS).count();
        long fail = items.stream().filter(c -> c.state() == CheckItem.State.FAIL).count();
        long person = items.size() - pass - fail;
        Instant now = now();
        String text = "post-rollback checklist: " + pass + " passed, " + fail + " failed, " + person + " for a person"
                + (fail == 0 ? "" : " (" + String.join("; ", items.stream().filter(c -> c.state() == CheckItem.State.FAIL)
                .map(CheckItem::item).toList()) + ")");
        return incidents.update(id, i -> i.withChecklist(items).with(new Incident.Entry(now, Phase.VERIFY, actor, text)));
    }

    /**
     * Tells the incidents channel (and engineering) where things stand and records what each channel said. A
     * failed delivery is recorded in the timeline, never thrown.
     */
    public NotifyReport communicate(String id, String actor, Notifier notifier, String eta) {
        Incident i = incidents.read(id);
        Map<String, String> f = new LinkedHashMap<>();
        f.put("id", i.id());
        f.put("version", i.version());
        f.put("severity", i.severity());
        f.put("impact", i.impact());
        f.put("status", i.status() + (i.rolledBackTo() == null ? "" : ": " + i.rolledBackTo() + " served to everyone"));
        f.put("eta", eta);
        NotifyReport report = notifier.send(Event.of(EventType.INCIDENT, appId, now(), f));
        note(id, Phase.COMMUNICATE, actor, "incident notification: " + report.summary());
        return report;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }
}
