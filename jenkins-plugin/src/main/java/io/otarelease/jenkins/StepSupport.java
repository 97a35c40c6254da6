package io.otarelease.jenkins;

import hudson.AbortException;
import hudson.model.Run;
import io.otarelease.core.OtaException;

/** The Jenkins glue every step shares: profile lookup, the build-page action, user errors without stack traces. */
final class StepSupport {
    private StepSupport() {
    }

    static OtaProfile profile(String name) {
        return Settings.trim(name) == null ? null : OtaGlobalConfiguration.get().profile(name);
    }

    /** The build's OTA Release action, added on first use. */
    static OtaReleaseAction action(Run<?, ?> run) {
        OtaReleaseAction a = run.getAction(OtaReleaseAction.class);
        if (a == null) {
            a = new OtaReleaseAction();
            run.addOrReplaceAction(a);
        }
        return a;
    }

    /** A user error (bad input, a refused check, a failed signer) ends the build with its message only. */
    static AbortException abort(String function, OtaException e) {
        return new AbortException(Messages.userError(function, e));
    }
}
