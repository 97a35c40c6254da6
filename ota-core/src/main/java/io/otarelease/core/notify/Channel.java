package io.otarelease.core.notify;

import io.otarelease.core.OtaException;
import java.util.Locale;

/**
 * The three audiences of the operations guide: engineers during releases (every event), support and marketing
 * (one message per release and per rollback), executives and product leads (only when something goes wrong).
 */
public enum Channel {
    ENGINEERING, RELEASES, INCIDENTS;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Channel parse(String s, String where) {
        for (Channel c : values()) {
            if (c.label().equals(s)) {
                return c;
            }
        }
        throw new OtaException.BadInput(where + " \"" + s + "\" is not a channel (engineering, releases, incidents)");
    }
}
