package io.otarelease.signer;

/** A refusal the server answers with: an HTTP status, a stable error code and a sentence that says why. */
final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    ApiError(int status, String code, String message) {
        super(message, null, false, false); // no stack trace: a refusal is not a bug
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
