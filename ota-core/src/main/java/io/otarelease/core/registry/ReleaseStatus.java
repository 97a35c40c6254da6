package io.otarelease.core.registry;

/** Where a release stands, as DESIGN.md names it. */
public enum ReleaseStatus {
    STAGED("staged"),
    CANARY("canary"),
    CURRENT("current"),
    ROLLBACK_READY("rollback-ready"),
    ARCHIVED("archived"),
    QUARANTINED("quarantined");

    private final String label;

    ReleaseStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static ReleaseStatus parse(String label) {
        for (ReleaseStatus s : values()) {
            if (s.label.equals(label)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status \"" + label + "\" (expected staged, canary, current, "
                + "rollback-ready, archived or quarantined)");
    }

    @Override
    public String toString() {
        return label;
    }
}
