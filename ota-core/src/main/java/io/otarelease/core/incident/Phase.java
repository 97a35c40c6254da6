package io.otarelease.core.incident;

import io.otarelease.core.OtaException;
import java.util.Locale;

/** The steps of the runbook's response, in the order they normally happen. */
public enum Phase {
    DETECT, ASSESS, ROLLBACK, VERIFY, COMMUNICATE, INVESTIGATE, RESOLVE, NOTE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Phase parse(String s, String where) {
        for (Phase p : values()) {
            if (p.label().equals(s)) {
                return p;
            }
        }
        throw new OtaException.BadInput(where + " \"" + s + "\" is not a phase (detect, assess, rollback, verify, "
                + "communicate, investigate, resolve, note)");
    }
}
