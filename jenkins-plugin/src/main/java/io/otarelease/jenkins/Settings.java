package io.otarelease.jenkins;

/** Small rules shared by the data-bound classes: an empty form field means "not set". */
final class Settings {
    private Settings() {
    }

    static String trim(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    /** The value given to the step call if any, else the profile's. */
    static String pick(String callValue, String profileValue) {
        String c = trim(callValue);
        return c != null ? c : trim(profileValue);
    }
}
