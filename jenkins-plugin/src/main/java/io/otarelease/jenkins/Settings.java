package io.otarelease.jenkins;

import io.otarelease.core.OtaException;
import java.net.URI;
import java.net.URISyntaxException;

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

    /** A URL setting, or null when empty; the refusal names the field. */
    static URI uri(String value, String field) {
        String v = trim(value);
        if (v == null) {
            return null;
        }
        try {
            URI u = new URI(v);
            if (u.getScheme() == null || u.getHost() == null) {
                throw new URISyntaxException(v, "not an absolute URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new OtaException.BadInput(field + " \"" + v + "\" is not a URL like https://signer.example:8443");
        }
    }
}
