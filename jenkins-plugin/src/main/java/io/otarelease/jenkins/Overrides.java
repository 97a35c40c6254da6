package io.otarelease.jenkins;

import io.otarelease.core.OtaException;
import java.util.List;

/**
 * The administrator's rule for the profile fields that make the controller open a file, a bucket or a URL: a step
 * call may give its own value only when the profile lists the field in {@code allowedOverrides}. Pipeline authors
 * edit Jenkinsfiles; the controller's file system and identity are not theirs (Jenkins' security guidance), so by
 * default the profile decides.
 */
final class Overrides {
    static final String STAGING_STORE = "stagingStore";
    static final String PRODUCTION_STORE = "productionStore";
    static final String METRICS_SOURCE = "metricsSource";
    static final String SIGNER_URL = "signerUrl";
    /** The fields {@code allowedOverrides} may list. */
    static final List<String> FIELDS = List.of(STAGING_STORE, PRODUCTION_STORE, METRICS_SOURCE, SIGNER_URL);

    private Overrides() {
    }

    /**
     * @param field the profile field, e.g. {@code metricsSource}
     * @param parameter the step parameter that overrides it, e.g. {@code metrics}
     * @return the call's value when the profile allows it, else the profile's (a call repeating the profile's value
     *         changes nothing and passes)
     */
    static String pick(OtaProfile profile, String field, String parameter, String callValue, String profileValue) {
        String call = Settings.trim(callValue);
        String fromProfile = Settings.trim(profileValue);
        if (call == null || call.equals(fromProfile)) {
            return fromProfile;
        }
        if (profile != null && profile.allowsOverride(field)) {
            return call;
        }
        // the refused value is not echoed: a URL may carry credentials in its user part
        throw new OtaException.BadInput(profile == null
                ? parameter + ": is refused: " + field + " comes from an OTA Release profile that an administrator "
                        + "sets in Manage Jenkins » System » OTA Release; name it with profile: and leave "
                        + parameter + ": out"
                : parameter + ": is refused: " + field + " comes from profile '" + profile.getName() + "' (field "
                        + field + "); leave " + parameter + ": out, or ask an administrator to add " + field
                        + " to the profile's allowedOverrides");
    }
}
