package io.otarelease.jenkins;

import io.otarelease.core.OtaException;
import java.util.List;
import java.util.stream.Collectors;

/** Finds a profile by name, with an error that lists the profiles that do exist. */
public final class Profiles {
    private Profiles() {
    }

    /** @return the profile, or null when {@code name} is empty (the step call then carries every field) */
    public static OtaProfile find(List<OtaProfile> profiles, String name) {
        String wanted = Settings.trim(name);
        if (wanted == null) {
            return null;
        }
        for (OtaProfile p : profiles) {
            if (wanted.equals(p.getName())) {
                return p;
            }
        }
        String known = profiles.stream().map(OtaProfile::getName).sorted().collect(Collectors.joining(", "));
        throw new OtaException.BadInput("no OTA Release profile named '" + wanted + "' in Manage Jenkins » System ("
                + (known.isEmpty() ? "none is defined" : "defined: " + known) + ")");
    }

    /** Names must be unique and present, or {@code profile:} would be ambiguous. */
    public static void checkNames(List<OtaProfile> profiles) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (OtaProfile p : profiles) {
            if (p.getName() == null) {
                throw new OtaException.BadInput("an OTA Release profile has no name");
            }
            if (!seen.add(p.getName())) {
                throw new OtaException.BadInput("two OTA Release profiles are named '" + p.getName() + "'");
            }
        }
    }
}
