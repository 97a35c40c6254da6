package io.otarelease.core.store;

import io.otarelease.core.OtaException;

/**
 * Another writer changed an object between our read and our conditional write. Nothing of ours was written;
 * re-running the operation starts from the new state.
 */
public class StoreConflictException extends OtaException.Infrastructure {
    private static final long serialVersionUID = 1L;

    public StoreConflictException(String message) {
        super(message);
    }
}
