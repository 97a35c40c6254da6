package io.otarelease.client.verify;

/**
 * A check a device makes said no. The message names what was expected and what was found; {@link #reason()}
 * lets code react to the kind of failure without parsing text.
 */
public class VerificationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Kinds of refusal, stable for callers and reports. */
    public enum Reason {
        MALFORMED, UNKNOWN_KEY, WRONG_ALGORITHM, BAD_SIGNATURE, FILE_MISSING, FILE_CHANGED, FILE_UNLISTED,
        UNSAFE_PATH, ROLLBACK, EXPIRED, MISMATCH, TOO_LARGE,
        /** A validly signed manifest for another platform than the app's ({@code platform}: android, ios). */
        WRONG_PLATFORM
    }

    private final Reason reason;

    public VerificationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public VerificationException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
