package io.otarelease.core.telemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.otarelease.core.serve.Listener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

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

    private final Listener listener;
    private final Collector collector;

    private CollectorServer(Listener listener, Collector collector) {
        this.listener = listener;
        this.collector = collector;
    }

    public static CollectorServer start(Collector collector, InetAddress bind, int port, int threads) {
        Listener listener = Listener.bind("ota-collector", bind, port, 512, threads);
        HttpHandler notFound = ex -> {
            try (ex) {
                ex.sendResponseHeaders(404, -1);
            }
        };
        mount(listener.http(), collector, notFound);
        listener.http().createContext("/", notFound);
        listener.start();
        return new CollectorServer(listener, collector);
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
        return listener.url();
    }

    public URI ingestUrl() {
        return url().resolve(INGEST_PATH.substring(1));
    }

    public int port() {
        return listener.port();
    }

    @Override
    public void close() {
        listener.close();
    }
}
