package io.otarelease.jenkins;

import io.otarelease.core.OtaException;

/** Build-log wording shared by the steps. */
final class Messages {
    private Messages() {
    }

    static String userError(String function, OtaException e) {
        String kind = switch (e.exitCode()) {
            case 1 -> "check failed";
            case 2 -> "bad input";
            default -> "infrastructure failed (a retry may help)";
        };
        return function + ": " + kind + ": " + e.getMessage();
    }
}
