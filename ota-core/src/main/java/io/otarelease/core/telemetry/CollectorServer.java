package io.otarelease.core.telemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.otarelease.core.OtaException;
import io.otarelease.core.io.IoErrors;
import io.otarelease.core.serve.StoreServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The collector over HTTP: {@code POST /v1/telemetry} and {@code GET /metrics}. {@link #mount} adds both to a server
 * that already runs ({@code ota serve} beside its store); {@link #start} runs them alone ({@code ota collector},
 * the fleet simulator's in-process collector). Binds where it is told; 127.0.0.1 unless a command says otherwise.
 */
public final class CollectorServer implements AutoCloseable {
    public static final String INGEST_PATH = "/v1/telemetry";
    public static final String METRICS_PATH = "/metrics";
    /** How much of a refused body is read to answer on a live connection: four times the largest accepted. */
    private static final long DRAIN_LIMIT = 4L * Collector.MAX_BODY_BYTES;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Collector collector;

    private CollectorServer(HttpServer server, ExecutorService executor, Collector collector) {
        this.server = server;
        this.executor = executor;
        this.collector = collector;
    }

    public static CollectorServer start(Collector collector, InetAddress bind, int port, int threads) {
        if (port < 0 || port > 65535) {
            throw new OtaException.BadInput("--port must be between 0 and 65535 but is " + port);
        }
        StoreServer.noDelayForJdkServer();
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(bind, port), 512);
        } catch (IOException e) {
            throw new OtaException.Infrastructure("cannot listen on " + bind.getHostAddress() + ":" + port + ": "
                    + IoErrors.reason(e), e);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ota-collector");
            t.setDaemon(true);
            return t;
        });
        HttpHandler notFound = ex -> {
            try (ex) {
                ex.sendResponseHeaders(404, -1);
            }
        };
        mount(http, collector, notFound);
        http.createContext("/", notFound);
        http.setExecutor(pool);
        http.start();
        return new CollectorServer(http, pool, collector);
    }

    /**
     * Adds {@code /v1/telemetry} and {@code /metrics} to {@code http}. The JDK server routes by path prefix, so any
     * other path under them ({@code /metrics/...}, an app called "metrics" beside a store) goes to {@code others}.
     */
    public static void mount(HttpServer http, Collector collector, HttpHandler others) {
        http.createContext(INGEST_PATH, ex -> {
            if (!ex.getRequestURI().getRawPath().equals(INGEST_PATH)) {
                others.handle(ex);
                return;
            }
            try (ex) {
                if (!ex.getRequestMethod().equals("POST")) {
                    ex.getResponseHeaders().set("Allow", "POST");
                    ex.sendResponseHeaders(405, -1);
                } else {
                    ingest(ex, collector);
                }
            }
        });
        http.createContext(METRICS_PATH, ex -> {
            if (!ex.getRequestURI().getRawPath().equals(METRICS_PATH)) {
                others.handle(ex);
                return;
            }
            try (ex) {
                if (!ex.getRequestMethod().equals("GET")) {
                    ex.getResponseHeaders().set("Allow", "GET");
                    ex.sendResponseHeaders(405, -1);
                } else {
                    send(ex, 200, collector.metrics().contentType(), collector.metrics().render());
                }
            }
        });
    }

    private static void ingest(HttpExchange ex, Collector collector) throws IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        Collector.Answer a;
        try {
            a = collector.ingest(ex.getRequestHeaders().getFirst("Content-Type"), declared, ex.getRequestBody());
        } catch (IOException | RuntimeException e) {
            send(ex, 503, "application/json", "{\"error\":\"the collector failed; retry later\",\"field\":\"\"}"
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (a.retryAfter() > 0) {
            ex.getResponseHeaders().set("Retry-After", Long.toString(a.retryAfter()));
        }
        if (a.status() == 413 && !drained(ex.getRequestBody())) {
            ex.getResponseHeaders().set("Connection", "close"); // the rest of the body is not read
        }
        send(ex, a.status(), "application/json", a.body().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads and drops what is left of a refused body, up to {@value #DRAIN_LIMIT} bytes. Closing a connection with
     * unread bytes makes the kernel answer with a reset, which can destroy the 413 on its way to the client.
     */
    private static boolean drained(InputStream body) {
        byte[] buffer = new byte[16384];
        long left = DRAIN_LIMIT;
        try {
            for (int n; (n = body.read(buffer)) >= 0; ) {
                left -= n;
                if (left < 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    public Collector collector() {
        return collector;
    }

    /** The server root, e.g. {@code http://127.0.0.1:9400/}. */
    public URI url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + "/");
    }

    public URI ingestUrl() {
        return url().resolve(INGEST_PATH.substring(1));
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
