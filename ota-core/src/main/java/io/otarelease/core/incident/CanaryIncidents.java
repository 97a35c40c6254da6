package io.otarelease.core.incident;

import io.otarelease.core.canary.Verdict;
import io.otarelease.core.notify.Event;
import io.otarelease.core.notify.EventType;
import io.otarelease.core.notify.Notifier;
import io.otarelease.core.notify.NotifyReport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hook a canary calls with its verdict: on FAIL it opens an incident (detect: the breaches; assess: the
 * runbook's decision), records the rollback if the canary made one, and tells the channels (a rollback message to
 * releases, the incident to incidents). PASS and INSUFFICIENT_DATA open nothing. Notification failures end up in
 * the timeline and in {@link Outcome#notes}; they never change what the canary decided.
 */
public final class CanaryIncidents {
    private final Incidents incidents;
    private final Notifier notifier;
    private final String appId;
    private final String channel;
    private final Clock clock;
    private final String actor;

    /** {@code notifier} may be null: the incident is still opened, nobody is told. */
    public CanaryIncidents(Incidents incidents, Notifier notifier, String appId, String channel, Clock clock, String actor) {
        this.incidents = incidents;
        this.notifier = notifier;
        this.appId = appId;
        this.channel = channel;
        this.clock = clock;
        this.actor = actor;
    }

    /** The incident opened (if any) and one line per thing worth telling the person at the terminal. */
    public record Outcome(Optional<Incident> incident, List<String> notes) {
    }

    public Outcome afterVerdict(Verdict v) {
        if (v.outcome() != Verdict.Outcome.FAIL) {
            return new Outcome(Optional.empty(), List.of());
        }
        List<String> notes = new ArrayList<>();
        Runbook.Decision decision = Runbook.fromVerdict(v);
        String breaches = String.join("; ", v.breaches().stream().map(b -> b.describe()).toList());
        Incident i = incidents.open(new Incidents.OpenRequest(channel, v.version(),
                "Canary of " + v.version() + " failed: " + breaches,
                "devices in the canary rollout of " + v.version() + " (" + v.window() + " window, "
                        + v.sessionCount() + " sessions)",
                actor, "canary FAIL at " + v.evaluatedAt() + " from " + v.metrics() + ": " + breaches, decision));
        notes.add("incident " + i.id() + " opened (" + decision.severity() + ") in " + incidents.store().url()
                + incidents.store().key(i.id()));
        if (v.rollback() != null) {
            if (v.rollback().performed()) {
                String target = targetOf(v.rollback().detail());
                i = incidents.rolledBack(i.id(), actor, target, "automatic rollback by the canary: " + v.rollback().detail());
                if (notifier != null) {
                    notes.add("rollback notification: " + notify(EventType.ROLLBACK, rollbackFields(v, target)).summary());
                }
            } else {
                i = incidents.note(i.id(), Phase.ROLLBACK, actor, "automatic rollback FAILED: " + v.rollback().detail());
            }
        }
        if (notifier != null) {
            NotifyReport r = incidents.communicate(i.id(), actor, notifier, i.rolledBackTo() == null
                    ? "rollback decision due within " + decision.respondWithin()
                    : "resolved once the post-rollback checklist passes");
            notes.add("incident notification: " + r.summary());
            i = incidents.store().read(i.id());
        }
        return new Outcome(Optional.of(i), notes);
    }

    private NotifyReport notify(EventType type, Map<String, String> fields) {
        return notifier.send(Event.of(type, appId, clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), fields));
    }

    private static Map<String, String> rollbackFields(Verdict v, String target) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("version", v.version());
        f.put("target", target);
        f.put("reason", "canary FAIL: " + String.join("; ", v.breaches().stream().map(b -> b.describe()).toList()));
        f.put("next", "an incident is open; see the incidents channel");
        return f;
    }

    /** The version a rollback reports serving ("production serves 3.4.0 at sequence 43"), or "unknown". */
    static String targetOf(String detail) {
        var m = java.util.regex.Pattern.compile("serves ([0-9A-Za-z._+-]+)").matcher(detail == null ? "" : detail);
        return m.find() ? m.group(1) : "unknown";
    }
}
