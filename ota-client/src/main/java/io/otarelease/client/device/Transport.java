package io.otarelease.client.device;

import java.io.IOException;
import java.io.OutputStream;

/**
 * How a device reaches the CDN. Paths are relative to the app's root in the store layout ({@code channels/...},
 * {@code releases/...}, {@code blobs/...}). An implementation never returns more than {@code maxBytes} bytes: an
 * endless, oversized or too slow answer is a {@link RefusedException}, so a hostile CDN cannot exhaust a device.
 */
public interface Transport {
    /**
     * Fetches {@code path}. With {@code ifNoneMatch} set and the object unchanged, returns a response with
     * {@code notModified} and no body.
     *
     * @throws NotFoundException when the object does not exist
     * @throws RefusedException when the answer breaks a download limit
     * @throws IOException when the CDN cannot be reached or answers an error
     */
    Response get(String path, String ifNoneMatch, long maxBytes) throws IOException;

    /**
     * Streams {@code path}, which must be exactly {@code size} bytes, into {@code out}: more or fewer bytes is a
     * {@link RefusedException}, and nothing past {@code size} is ever written. This default buffers the body
     * ({@link #get}); {@link HttpTransport} streams it.
     */
    default void download(String path, long size, OutputStream out) throws IOException {
        byte[] body = get(path, null, size).body();
        if (body.length != size) {
            throw new RefusedException(Refusal.TRUNCATED, path + " ended after " + body.length + " of the "
                    + size + " bytes declared");
        }
        out.write(body);
    }

    /** A body (null when not modified) with the ETag it was served with (null when none). */
    record Response(byte[] body, String etag, boolean notModified) {
    }

    /** Why a download was refused (each is a distinct reason of {@link UpdateClient#check()}'s DOWNLOAD_REFUSED). */
    enum Refusal {
        /** A declared size (listed in a signed manifest, or a Content-Length) above the limit: nothing was read. */
        TOO_LARGE,
        /** More bytes arrived than declared or allowed: endless data, or a Content-Length that lied. */
        TOO_MUCH_DATA,
        /** The body ended before the size declared. */
        TRUNCATED,
        /** Silence longer than the read timeout, or an average rate below the minimum after the grace time. */
        TOO_SLOW,
        /** The download outlasted its hard ceiling ({@link DownloadLimits#maxDownloadTime()}). */
        DEADLINE,
        /** The update URL is plain http to a host that is not loopback: nothing was requested. */
        INSECURE_URL,
        /** The https server's key matches none of the app's {@link CertificatePins}: nothing was requested. */
        PIN_MISMATCH
    }

    /** The CDN's answer broke a download limit; the message names the path and the numbers. */
    final class RefusedException extends IOException {
        private static final long serialVersionUID = 1L;
        private final Refusal refusal;

        public RefusedException(Refusal refusal, String message) {
            super(message);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /** The CDN answered 404. */
    final class NotFoundException extends IOException {
        private static final long serialVersionUID = 1L;

        public NotFoundException(String message) {
            super(message);
        }
    }
}
