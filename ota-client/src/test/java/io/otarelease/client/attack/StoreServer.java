package io.otarelease.client.attack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * An HTTP server on 127.0.0.1 serving a {@link Repo} directory as a CDN would, where a test can make any key
 * misbehave: endless bodies, lying lengths, bytes dribbled one at a time, stalls.
 */
public final class StoreServer implements AutoCloseable {
    private final HttpServer server;
    private final Path root;
    private final Map<String, HttpHandler> overrides = new ConcurrentHashMap<>();
    /** Every path requested, in order: what a device asked for (and what it did not). */
    public final java.util.List<String> requested = new java.util.concurrent.CopyOnWriteArrayList<>();

    public StoreServer(Path root) throws IOException {
        this(root, null);
    }

    /** Over https with {@code tls} (its key and certificate) when not null. */
    public StoreServer(Path root, javax.net.ssl.SSLContext tls) throws IOException {
        this.root = root;
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
        if (tls == null) {
            server = HttpServer.create(address, 0);
        } else {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            server = https;
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "store-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI base() {
        String scheme = server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Serves {@code key} with {@code handler} instead of the file. */
    public void override(String key, HttpHandler handler) {
        overrides.put("/" + key, handler);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            requested.add(ex.getRequestURI().getPath().substring(1));
            HttpHandler h = overrides.get(ex.getRequestURI().getPath());
            if (h != null) {
                h.handle(ex);
                return;
            }
            Path p = root.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
            if (!p.startsWith(root) || !Files.isRegularFile(p)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(p);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }
    }

    /** A body that never ends (chunked, no length). */
    public static HttpHandler endless() {
        return ex -> {
            ex.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[8192];
            java.util.Arrays.fill(chunk, (byte) ' ');
            OutputStream out = ex.getResponseBody();
            try {
                for (long i = 0; i < 1_000_000; i++) {
                    out.write(chunk);
                }
            } catch (IOException clientHungUp) {
                // the point: the client stopped reading
            }
        };
    }

    /** {@code body} followed by {@code extra} more bytes, with an honest length. */
    public static HttpHandler padded(byte[] body, int extra) {
        return ex -> {
            ex.sendResponseHeaders(200, body.length + extra);
            OutputStream out = ex.getResponseBody();
            try {
                out.write(body);
                out.write(new byte[extra]);
            } catch (IOException clientHungUp) {
                // expected once the client has seen enough
            }
        };
    }

    /** Claims a huge {@code Content-Length} and then sends a few bytes. */
    public static HttpHandler hugeLength() {
        return ex -> {
            ex.getResponseHeaders().set("Content-Length", "9000000000");
            ex.sendResponseHeaders(200, 0);
            try {
                ex.getResponseBody().write("{}".getBytes());
            } catch (IOException ignored) {
                // the client refused on the header alone
            }
        };
    }

    /** {@code body}, one byte every {@code millis} ms. */
    public static HttpHandler dribble(byte[] body, long millis) {
        return ex -> {
            ex.sendResponseHeaders(200, body.length);
            OutputStream out = ex.getResponseBody();
            try {
                for (byte b : body) {
                    out.write(b);
                    out.flush();
                    Thread.sleep(millis);
                }
            } catch (IOException | InterruptedException clientHungUp) {
                // expected: the client gave up
            }
        };
    }

    /** Claims {@code length} bytes (fewer than {@code body} has) and sends only those: a Content-Length that lies. */
    public static HttpHandler shortLength(byte[] body, int length) {
        return ex -> {
            ex.sendResponseHeaders(200, length);
            try {
                ex.getResponseBody().write(body, 0, length);
            } catch (IOException ignored) {
                // the client may hang up
            }
        };
    }

    /** Promises {@code body}, sends its first {@code sent} bytes and drops the connection. */
    public static HttpHandler reset(byte[] body, int sent) {
        return ex -> {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body, 0, sent);
            ex.getResponseBody().flush();
            throw new IOException("connection dropped on purpose"); // the server closes the socket
        };
    }

    /** Sends the headers, then nothing for {@code millis} ms. */
    public static HttpHandler stall(long millis) {
        return ex -> {
            ex.sendResponseHeaders(200, 10);
            try {
                ex.getResponseBody().flush();
                Thread.sleep(millis);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
