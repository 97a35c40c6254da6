package io.otarelease.core.incident;

import java.util.Locale;

/**
 * One line of the post-rollback checklist. PASS and FAIL were decided by a machine (with what it saw in
 * {@code detail}); PERSON items are for someone to do and tick; a machine check that could not run (no CDN URL,
 * no metric source) is PERSON too, never a PASS.
 */
public record CheckItem(String item, State state, String detail) {
    public enum State {
        PASS, FAIL, PERSON;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public String line() {
        String box = switch (state) {
            case PASS -> "[x]";
            case FAIL -> "[!]";
            case PERSON -> "[ ]";
        };
        return box + " " + item + (detail == null ? "" : " — " + detail);
    }
}
