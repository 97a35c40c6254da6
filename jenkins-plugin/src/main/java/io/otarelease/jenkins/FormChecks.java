package io.otarelease.jenkins;

import hudson.model.Item;
import hudson.util.FormValidation;
import io.otarelease.core.OtaException;
import io.otarelease.core.release.Percent;
import io.otarelease.core.sign.SignerType;
import java.util.List;
import jenkins.model.Jenkins;

/**
 * The checks behind the forms' free-text fields ({@code doCheck*} methods): the same rules the steps apply when
 * they run, so a mistake shows while typing rather than at the release. The rules are Jenkins-free; {@link #form}
 * turns one into a FormValidation for someone allowed to configure the job (or, without one, Jenkins).
 */
final class FormChecks {
    static final List<String> DESTINATIONS = List.of("staging", "production");

    private FormChecks() {
    }

    /** A rule's answer: null message for fine; a warning still lets the form be saved. */
    record Check(String message, boolean warning) {
        static final Check OK = new Check(null, false);

        static Check error(String message) {
            return new Check(message, false);
        }
    }

    static Check destination(String value) {
        String v = Settings.trim(value);
        if (v == null) {
            return Check.error("Required: staging or production");
        }
        return DESTINATIONS.contains(v) ? Check.OK
                : Check.error("'" + v + "' is not a destination: staging or production");
    }

    /** Percent applies to production only, 1 to 100; empty for staging. */
    static Check percent(String value, String to) {
        String v = Settings.trim(value);
        boolean production = "production".equals(Settings.trim(to));
        if (v == null || v.equals("0")) {
            return production ? Check.error("Required for production: the share of devices, 1 to 100") : Check.OK;
        }
        try {
            Percent.parse(v, "percent");
        } catch (OtaException.BadInput e) {
            return Check.error(e.getMessage());
        }
        return production ? Check.OK : new Check("Ignored: percent applies to production only", true);
    }

    /** Empty is allowed where the profile's signer applies (a step call); a profile's own signer needs a type. */
    static Check signerType(String value, boolean required) {
        String v = Settings.trim(value);
        if (v == null) {
            return required ? Check.error("Required: " + SignerType.accepted()) : Check.OK;
        }
        SignerType type;
        try {
            type = SignerType.parse(v, "signer");
        } catch (OtaException.BadInput e) {
            return Check.error("'" + v + "' is not a signer type: " + SignerType.accepted());
        }
        return type == SignerType.FILE ? new Check("file keeps the private key on disk: development only", true)
                : Check.OK;
    }

    /**
     * The check as the form shows it. Someone who may not configure {@code item} (or Jenkins, outside a job) learns
     * nothing from it. Callers are {@code @POST} methods, so a cross-site GET cannot probe them.
     */
    static FormValidation form(Item item, Check c) {
        boolean allowed = item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : item.hasPermission(Item.CONFIGURE);
        if (!allowed || c.message() == null) {
            return FormValidation.ok();
        }
        return c.warning() ? FormValidation.warning(c.message()) : FormValidation.error(c.message());
    }
}
