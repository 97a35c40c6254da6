package io.otarelease.core;

/**
 * The base of every error the engine reports to a person. Each kind maps to one documented exit code of
 * {@code ota}: 1 a check said no, 2 bad usage or configuration, 3 infrastructure failed (retry may help).
 * Messages name the file, key or field at fault and never carry a secret.
 */
public abstract class OtaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected OtaException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract int exitCode();

    /** A check (gate, verification, canary) said no. */
    public static class CheckFailed extends OtaException {
        private static final long serialVersionUID = 1L;

        public CheckFailed(String message) {
            super(message, null);
        }

        public CheckFailed(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public int exitCode() {
            return 1;
        }
    }

    /** The input or configuration is wrong: fixing it, not retrying, helps. */
    public static class BadInput extends OtaException {
        private static final long serialVersionUID = 1L;

        public BadInput(String message) {
            super(message, null);
        }

        public BadInput(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public int exitCode() {
            return 2;
        }
    }

    /** Something outside us failed (store, signer, network, token): a retry may help. */
    public static class Infrastructure extends OtaException {
        private static final long serialVersionUID = 1L;

        public Infrastructure(String message, Throwable cause) {
            super(message, cause);
        }

        public Infrastructure(String message) {
            super(message, null);
        }

        @Override
        public int exitCode() {
            return 3;
        }
    }
}
