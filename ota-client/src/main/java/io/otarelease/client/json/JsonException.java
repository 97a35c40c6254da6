package io.otarelease.client.json;

/** A JSON document that is malformed or does not have the shape a format requires. */
public class JsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JsonException(String message) {
        super(message);
    }
}
