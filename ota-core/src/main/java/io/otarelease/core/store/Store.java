package io.otarelease.core.store;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * An object store holding releases: a directory ({@code file:///path}) or an S3 bucket prefix
 * ({@code s3://bucket/prefix}). Keys are {@code /}-separated and relative to the store's root.
 *
 * <p>Conditional writes are what keep concurrent writers honest: {@link #putIfAbsent} never replaces an object
 * (content-addressed blobs and releases are immutable), and {@link #putIfMatch} replaces one only when it is still
 * the version the writer read (the registry, channel pointers). Failures of the store itself are
 * {@link io.otarelease.core.OtaException.Infrastructure}; a lost race is a {@link StoreConflictException}.
 */
public interface Store extends AutoCloseable {
    /**
     * The URL of the store's root, for messages: {@code s3://bucket/prefix/} or {@code file:///path/}. It always ends
     * with one {@code /}, so a key appends to it as is; {@link #url(String)} does that.
     */
    String url();

    /** The URL of one key, e.g. {@code s3://bucket/prefix/com.example.shop/channels/production.json}. */
    default String url(String key) {
        return url() + key.replaceFirst("^/+", "");
    }

    /** The object and its ETag, or empty when there is none. Meant for small documents. */
    Optional<StoredObject> get(String key);

    /** A stream over an object's bytes, or empty when there is none. The caller closes it. */
    Optional<InputStream> open(String key);

    boolean exists(String key);

    /**
     * Writes {@code body} unless {@code key} exists. Returns the new ETag, or empty when the key existed
     * (whatever its content: compare it yourself when that matters).
     */
    Optional<String> putIfAbsent(String key, Body body);

    /**
     * Replaces {@code key} only when its current ETag is {@code etag} (or, with a null etag, only when it does
     * not exist). Returns the new ETag; throws {@link StoreConflictException} when another writer came first.
     */
    String putIfMatch(String key, Body body, String etag);

    /** Keys under {@code prefix}, sorted. */
    default List<String> list(String prefix) {
        return listEntries(prefix).stream().map(Entry::key).toList();
    }

    /**
     * Keys under {@code prefix} that sort after {@code startAfter}, sorted: a bounded read of a prefix that only
     * grows (S3 starts the listing there; other stores filter).
     */
    default List<String> listAfter(String prefix, String startAfter) {
        return list(prefix).stream().filter(k -> k.compareTo(startAfter) > 0).toList();
    }

    /** Objects under {@code prefix} with their size and last change, sorted by key. */
    List<Entry> listEntries(String prefix);

    /** One listed object. */
    record Entry(String key, long size, java.time.Instant lastModified) {
    }

    void delete(String key);

    /**
     * Deletes the temporary files a writer left under {@code prefix} (a crash, a full disk) last changed before
     * {@code olderThan}, and returns them (with {@code dryRun}, only returns them). Stores whose writes are atomic
     * on the service side have none.
     */
    default List<Entry> removeStaleTemporaries(String prefix, java.time.Instant olderThan, boolean dryRun) {
        return List.of();
    }

    /**
     * Copies {@code key} from {@code source} unless it exists here. Server-side when both stores allow it
     * (S3 to S3 on one endpoint: one {@code CopyObject} with {@code If-None-Match: *}), streamed otherwise. Returns
     * whether anything was copied. Meant for content-addressed keys: a server that ignores the precondition on
     * copies (S3Proxy 4.1 does; S3 honours it) rewrites an existing object with the same bytes and reports true.
     */
    default boolean copyIfAbsent(Store source, String key) {
        if (exists(key)) {
            return false;
        }
        StoredObject o = source.get(key).orElseThrow(() -> new io.otarelease.core.OtaException.Infrastructure(
                source.url() + ": " + key + " is missing"));
        return putIfAbsent(key, Body.of(o.bytes())).isPresent();
    }

    /** Whether {@link #copyIfAbsent} from {@code source} copies inside the service, without streaming bytes. */
    default boolean copiesServerSide(Store source) {
        return false;
    }

    @Override
    default void close() {
    }
}
