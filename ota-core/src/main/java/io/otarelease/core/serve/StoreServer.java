package io.otarelease.core.serve;

import io.otarelease.client.layout.Names;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import io.otarelease.core.OtaException;
import io.otarelease.core.store.Store;
import io.otarelease.core.store.StoredObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Serves a store over HTTP the way a CDN in front of it would ({@code ota serve}), for local fleets, demos and
 * tests. Only what devices read is served — blobs, release manifests and signatures, channel pointers and their
 * signatures, trust documents — never the registry, the audit log or the engine's signed history. Content-addressed objects and releases are immutable and cached
 * for a year ({@code Cache-Control: public, max-age=31536000, immutable}); channel objects, the only mutable ones,
 * get a short max-age. Strong ETags (the SHA-256 of the content) answer {@code If-None-Match} with 304; a single
 * byte range is served as 206 (honouring {@code If-Range}), an unsatisfiable one as 416. GET and HEAD only.
 * Binds 127.0.0.1 unless told otherwise.
 */
public final class StoreServer implements AutoCloseable {
    /**
     * URL paths that map to store keys devices read: /app/blobs/..., /app/releases/..., /app/channels/..., and the
     * trust documents a device follows (/app/trust/root/N.json|sig, immutable; /app/trust/keys.json|sig, which change
     * on rotation like a pointer).
     */
    static final Pattern SERVED = Pattern.compile(Names.APP_ID.pattern() + "/(?:"
            + "(?<blob>blobs/sha256/[0-9a-f]{2}/[0-9a-f]{64})"
            + "|(?<release>releases/[0-9A-Za-z][0-9A-Za-z.+-]{0,63}/manifest\\.(?:json|sig))"
            + "|(?<channel>channels/" + Names.CHANNEL.pattern() + "\\.(?:json|sig))"
            + "|(?<root>trust/root/[1-9][0-9]{0,8}\\.(?:json|sig))"
            + "|(?<delegation>trust/keys\\.(?:json|sig)))");
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final Store store;
    private final Listener listener;
    private final int channelMaxAge;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytesServed = new AtomicLong();

    private StoreServer(Store store, Listener listener, int channelMaxAge) {
        this.store = store;
        this.listener = listener;
        this.channelMaxAge = channelMaxAge;
    }

    /**
     * Starts serving {@code store} on {@code bind:port} (port 0: any free port).
     *
     * @param channelMaxAge seconds a cache may keep a channel pointer (how late a rollback can reach a device)
     */
    public static StoreServer start(Store store, InetAddress bind, int port, int channelMaxAge, int threads) {
        return start(store, bind, port, channelMaxAge, threads, null);
    }

    /**
     * As {@link #start(Store, InetAddress, int, int, int)}, with the telemetry collector ({@code POST /v1/telemetry},
     * {@code GET /metrics}) beside the store when {@code collector} is not null.
     */
    public static StoreServer start(Store store, InetAddress bind, int port, int channelMaxAge, int threads,
                                    io.otarelease.core.telemetry.Collector collector) {
        if (channelMaxAge < 0 || channelMaxAge > 3600) {
            throw new OtaException.BadInput("--channel-max-age must be between 0 and 3600 seconds");
        }
        Listener listener = Listener.bind("ota-serve", bind, port, 512, threads);
        StoreServer s = new StoreServer(store, listener, channelMaxAge);
        listener.http().createContext("/", s::handle);
        if (collector != null) {
            io.otarelease.core.telemetry.CollectorServer.mount(listener.http(), collector, s::handle);
        }
        listener.start();
        return s;
    }

    public URI url() {
        return listener.url();
    }

    public long requests() {
        return requests.get();
    }

    /** Body bytes sent so far (what devices downloaded). */
    public long bytesServed() {
        return bytesServed.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try (ex) {
            Headers h = ex.getResponseHeaders();
            h.set("X-Content-Type-Options", "nosniff");
            String method = ex.getRequestMethod();
            boolean head = method.equals("HEAD");
            if (!head && !method.equals("GET")) {
                h.set("Allow", "GET, HEAD");
                send(ex, 405, new byte[0], false);
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            var m = path == null || ex.getRequestURI().getRawQuery() != null ? null
                    : SERVED.matcher(path.startsWith("/") ? path.substring(1) : path);
            if (m == null || !m.matches()) {
                send(ex, 404, new byte[0], false);
                return;
            }
            String key = path.substring(1);
            Optional<StoredObject> found;
            try {
                found = store.get(key);
            } catch (RuntimeException e) {
                send(ex, 503, new byte[0], false); // the store failed: a CDN would answer 5xx, devices retry later
                return;
            }
            if (found.isEmpty()) {
                send(ex, 404, new byte[0], false);
                return;
            }
            byte[] body = found.get().bytes();
            String etag = m.group("blob") != null ? "\"" + key.substring(key.lastIndexOf('/') + 1) + "\""
                    : quote(found.get().etag());
            h.set("ETag", etag);
            boolean mutable = m.group("channel") != null || m.group("delegation") != null;
            h.set("Cache-Control", mutable ? "public, max-age=" + channelMaxAge : IMMUTABLE);
            h.set("Content-Type", key.endsWith(".json") || key.endsWith(".sig") ? "application/json"
                    : "application/octet-stream");
            h.set("Accept-Ranges", "bytes");
            if (Ranges.matchesAny(ex.getRequestHeaders().getFirst("If-None-Match"), etag)) {
                send(ex, 304, new byte[0], false);
                return;
            }
            String range = ex.getRequestHeaders().getFirst("Range");
            String ifRange = ex.getRequestHeaders().getFirst("If-Range");
            if (range != null && (ifRange == null || ifRange.trim().equals(etag))) {
                Ranges.Range r = Ranges.parse(range, body.length);
                if (r == Ranges.UNSATISFIABLE) {
                    h.set("Content-Range", "bytes */" + body.length);
                    send(ex, 416, new byte[0], false);
                    return;
                }
                if (r != null) {
                    h.set("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + body.length);
                    byte[] part = java.util.Arrays.copyOfRange(body, (int) r.first(), (int) r.last() + 1);
                    send(ex, 206, part, head);
                    return;
                }
            }
            send(ex, 200, body, head);
        }
    }

    private void send(HttpExchange ex, int status, byte[] body, boolean head) throws IOException {
        if (head) {
            ex.getResponseHeaders().set("Content-Length", Long.toString(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, status == 304 || body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            bytesServed.addAndGet(body.length); // before the write: a client that has the body sees it counted
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String quote(String etag) {
        return etag.startsWith("\"") ? etag : "\"" + etag + "\"";
    }

    @Override
    public void close() {
        listener.close();
    }
}
