package io.otarelease.core.fleet;

import com.sun.net.httpserver.HttpServer;
import io.otarelease.core.OtaException;
import io.otarelease.core.internal.IoErrors;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics} in the Prometheus text format, for Prometheus to scrape a simulated fleet. */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    public static MetricsServer start(FleetMetrics metrics, InetAddress bind, int port) {
        io.otarelease.core.serve.StoreServer.noDelayForJdkServer();
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(bind, port), 64);
        } catch (IOException e) {
            throw new OtaException.Infrastructure("cannot listen for /metrics on " + bind.getHostAddress() + ":" + port
                    + ": " + IoErrors.reason(e), e);
        }
        http.createContext("/metrics", ex -> {
            try (ex) {
                if (!ex.getRequestMethod().equals("GET") || !ex.getRequestURI().getPath().equals("/metrics")) {
                    ex.sendResponseHeaders(ex.getRequestMethod().equals("GET") ? 404 : 405, -1);
                    return;
                }
                byte[] body = metrics.render().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        http.start();
        return new MetricsServer(http);
    }

    public URI url() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort() + "/metrics");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
