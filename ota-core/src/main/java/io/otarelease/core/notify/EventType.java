package io.otarelease.core.notify;

import io.otarelease.core.OtaException;
import java.util.Locale;

/** What happened: each type has its own message template ({@code <label>.txt}) and default channels. */
public enum EventType {
    /** Any pipeline step or check (stage, gate, canary PASS...): the engineering channel's noise, by design. */
    PIPELINE,
    /** A release went to production or widened its rollout. */
    RELEASE,
    /** A channel was rolled back to a known-good release. */
    ROLLBACK,
    /** An incident was opened or changed: only when something goes wrong. */
    INCIDENT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventType parse(String s, String where) {
        for (EventType t : values()) {
            if (t.label().equals(s)) {
                return t;
            }
        }
        throw new OtaException.BadInput(where + " \"" + s + "\" is not an event type (pipeline, release, rollback, "
                + "incident)");
    }
}
