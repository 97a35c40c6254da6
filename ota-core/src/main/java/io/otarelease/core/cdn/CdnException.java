package io.otarelease.core.cdn;

import io.otarelease.core.OtaException;

/** The CDN refused or failed an invalidation. Exit code 3: the store change stands; re-running re-invalidates. */
public class CdnException extends OtaException.Infrastructure {
    private static final long serialVersionUID = 1L;

    public CdnException(String message, Throwable cause) {
        super(message, cause);
    }
}
