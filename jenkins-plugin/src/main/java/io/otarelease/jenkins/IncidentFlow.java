package io.otarelease.jenkins;

import io.otarelease.core.OtaException;
import io.otarelease.core.incident.Incident;
import io.otarelease.core.incident.IncidentText;
import io.otarelease.core.incident.Incidents;
import io.otarelease.core.incident.Phase;
import io.otarelease.core.incident.Postmortem;
import io.otarelease.core.incident.Runbook;
import io.otarelease.core.store.Store;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code otaIncident} on the controller: the incident records of ota-core ({@code <appId>/incidents/<id>.json}
 * in the production store, the same records {@code ota incident} keeps), opened, added to, read.
 */
public final class IncidentFlow {
    static final List<String> ACTIONS = List.of("open", "note", "rolledBack", "timeline", "postmortem", "list");

    private IncidentFlow() {
    }

    /** The fields each action reads; null for "not given". */
    public record Request(String action, String id, String version, String severity, String summary, String impact,
                          String detected, String phase, String text, String target) {
    }

    /** The incident the action wrote or read with its timeline or postmortem ({@code text}), or for list all. */
    public record Result(Incident incident, String text, List<Incident> all) {
        /** What {@code otaIncident} returns. */
        public Map<String, Object> toMap() {
            if (all != null) {
                List<Map<String, Object>> summaries = new ArrayList<>();
                for (Incident i : all) {
                    summaries.add(summary(i));
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("incidents", summaries);
                return m;
            }
            Map<String, Object> m = summary(incident);
            m.put("text", text);
            return m;
        }
    }

    public static Result run(StepTarget where, Request r, String actor, Clock clock, PrintStream log) {
        String fn = where.step();
        ReleaseTarget t = where.target();
        String appId = where.appId();
        String action = r.action() == null ? "" : r.action();
        if (!ACTIONS.contains(action)) {
            throw new OtaException.BadInput(fn + " needs action: one of " + String.join(", ", ACTIONS)
                    + (action.isEmpty() ? "" : ", not '" + action + "'"));
        }
        try (Store prod = where.openProduction()) {
            Incidents incidents = new Incidents(prod, appId, clock);
            if (action.equals("list")) {
                List<Incident> all = incidents.store().list();
                log.println(fn + ": " + all.size() + " incidents of " + appId + " in " + prod.url());
                return new Result(null, null, all);
            }
            Incident i = switch (action) {
                case "open" -> incidents.open(new Incidents.OpenRequest(t.channel(), require(fn, r.version(),
                        "version"), require(fn, r.summary(), "summary"), require(fn, r.impact(), "impact"), actor,
                        r.detected() == null ? "reported by " + actor : r.detected(),
                        Runbook.forSeverity(severity(fn, r.severity()), actor)));
                case "note" -> incidents.note(require(fn, r.id(), "id"), phase(fn, r.phase()), actor,
                        require(fn, r.text(), "text"));
                case "rolledBack" -> incidents.rolledBack(require(fn, r.id(), "id"), actor,
                        require(fn, r.target(), "target"), require(fn, r.text(), "text"));
                default -> incidents.store().read(require(fn, r.id(), "id"));
            };
            log.println(fn + ": " + i.id() + " (" + i.severity() + ", " + i.status() + ") " + action
                    + (action.equals("open") ? "ed in " + prod.url() : ""));
            return new Result(i, action.equals("postmortem") ? Postmortem.markdown(i) : IncidentText.timeline(i),
                    null);
        }
    }

    /** The fields every action returns (also what the shared library's tests answer for an incident). */
    public static Map<String, Object> summary(Incident i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("status", i.status());
        m.put("severity", i.severity());
        m.put("channel", i.channel());
        m.put("version", i.version());
        m.put("summary", i.summary());
        m.put("openedAt", i.openedAt().toString());
        m.put("timelineEntries", i.timeline().size());
        return m;
    }

    private static Phase phase(String fn, String p) {
        return p == null ? Phase.NOTE : Phase.parse(p, fn + " phase:");
    }

    /** Runbook's check speaks of the CLI's --severity; the step's field is severity:. */
    private static String severity(String fn, String s) {
        String v = require(fn, s, "severity");
        if (!List.of(Runbook.SEV1, Runbook.SEV2, Runbook.SEV3).contains(v)) {
            throw new OtaException.BadInput(fn + " severity: must be SEV-1, SEV-2 or "
                    + "SEV-3, not '" + v + "'");
        }
        return v;
    }

    private static String require(String fn, String value, String field) {
        String v = Settings.trim(value);
        if (v == null) {
            throw new OtaException.BadInput(fn + " needs " + field + ": for this action");
        }
        return v;
    }
}
