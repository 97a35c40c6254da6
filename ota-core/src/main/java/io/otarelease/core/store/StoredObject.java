package io.otarelease.core.store;

/** An object's bytes with the ETag they were read at (the token for a later {@link Store#putIfMatch}). */
public record StoredObject(byte[] bytes, String etag) {
}
