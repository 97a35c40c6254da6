package io.otarelease.client.device;

import java.io.IOException;

/**
 * How a device reaches the CDN. Paths are relative to the app's root in the store layout ({@code channels/...},
 * {@code releases/...}, {@code blobs/...}). An implementation never returns more than {@code maxBytes} bytes: an
 * endless or oversized answer is an {@link IOException}, so a hostile CDN cannot exhaust a device.
 */
public interface Transport {
    /**
     * Fetches {@code path}. With {@code ifNoneMatch} set and the object unchanged, returns a response with
     * {@code notModified} and no body.
     *
     * @throws NotFoundException when the object does not exist
     * @throws IOException when the CDN cannot be reached, answers an error, or sends more than {@code maxBytes}
     */
    Response get(String path, String ifNoneMatch, long maxBytes) throws IOException;

    /** A body (null when not modified) with the ETag it was served with (null when none). */
    record Response(byte[] body, String etag, boolean notModified) {
    }

    /** The CDN answered 404. */
    final class NotFoundException extends IOException {
        private static final long serialVersionUID = 1L;

        public NotFoundException(String message) {
            super(message);
        }
    }
}
