package io.otarelease.core.sign;

import io.otarelease.core.OtaException;

/** A signer could not produce a signature: the token, the server or the service failed. */
public class SigningException extends OtaException.Infrastructure {
    private static final long serialVersionUID = 1L;

    public SigningException(String message, Throwable cause) {
        super(message, cause);
    }

    public SigningException(String message) {
        super(message);
    }
}
