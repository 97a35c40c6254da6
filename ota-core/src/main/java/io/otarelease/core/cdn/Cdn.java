package io.otarelease.core.cdn;

import java.time.Duration;
import java.util.List;

/**
 * A CDN in front of the production store. Only the channel objects are ever invalidated: everything else in the
 * store is immutable and cached for a year.
 */
public interface Cdn {
    /** Asks the CDN to drop {@code paths}; returns an id to wait on (null when there is nothing to wait for). */
    String invalidate(List<String> paths);

    /** Waits until invalidation {@code id} completed, at most {@code timeout}. */
    void awaitCompleted(String id, Duration timeout);

    String describe();

    /** The embedded default: no CDN, nothing to invalidate. */
    Cdn NONE = new Cdn() {
        @Override
        public String invalidate(List<String> paths) {
            return null;
        }

        @Override
        public void awaitCompleted(String id, Duration timeout) {
        }

        @Override
        public String describe() {
            return "none";
        }
    };
}
