package io.otarelease.core.release;

import io.otarelease.core.OtaException;
import io.otarelease.core.cdn.CdnException;
import java.time.Duration;
import java.util.List;

/** Invalidates the channel objects on the CDN; a failure says the store change stands and what a re-run does. */
final class Invalidation {
    private Invalidation() {
    }

    /** Returns the invalidation id (null for no CDN). */
    static String run(ReleaseContext ctx, ChannelStore channel, String cdnPathPrefix, Duration waitFor, String done) {
        String prefix = cdnPathPrefix == null ? "/" : cdnPathPrefix.endsWith("/") ? cdnPathPrefix : cdnPathPrefix + "/";
        List<String> paths = channel.objectKeys().stream().map(k -> prefix + k).toList();
        try {
            String id = ctx.cdn().invalidate(paths);
            if (id != null && waitFor != null) {
                ctx.cdn().awaitCompleted(id, waitFor);
            }
            return id;
        } catch (OtaException e) {
            String message = done + ", but the CDN invalidation failed: " + e.getMessage() + ". The change stands; "
                    + "cached copies expire on their own, and re-running the same command only invalidates again";
            // a CDN refusing our credentials is configuration (exit 2), the rest a retry may fix
            throw e instanceof OtaException.BadInput ? new OtaException.BadInput(message, e)
                    : new CdnException(message, e);
        }
    }
}
