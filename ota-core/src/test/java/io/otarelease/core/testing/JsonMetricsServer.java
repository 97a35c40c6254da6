package io.otarelease.core.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plain JSON monitoring API as the canary's {@code json:URL} source reads it: {@code GET /<kpi>?version=V&window=W}
 * answering {@code {"value": N}}; 404 for what was never set (so a missing KPI is an error, never a value).
 */
public final class JsonMetricsServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, Double> values = new ConcurrentHashMap<>();

    private JsonMetricsServer(HttpServer server) {
        this.server = server;
    }

    public static JsonMetricsServer start() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        JsonMetricsServer m = new JsonMetricsServer(s);
        s.createContext("/", ex -> {
            try (ex) {
                String version = "";
                for (String kv : String.valueOf(ex.getRequestURI().getRawQuery()).split("&")) {
                    if (kv.startsWith("version=")) {
                        version = URLDecoder.decode(kv.substring(8), StandardCharsets.UTF_8);
                    }
                }
                Double v = m.values.get(ex.getRequestURI().getPath().substring(1) + "@" + version);
                if (v == null) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                byte[] b = ("{\"value\": " + v + "}").getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
        });
        s.start();
        return m;
    }

    /** A healthy version: 1000 sessions, the guide's targets met. */
    public JsonMetricsServer healthy(String version) {
        set("sessions", version, 1000);
        set("crash-free-sessions", version, 99.8);
        set("js-error-rate", version, 0.2);
        set("p95-load-time", version, 2.1);
        set("download-success-rate", version, 99.4);
        set("p95-download-time", version, 3);
        set("p95-install-time", version, 1.5);
        set("signature-failures", version, 0);
        set("api-error-rate", version, 1);
        set("update-check-failure-rate", version, 0.5);
        set("p95-first-contentful-paint", version, 1.2);
        set("p95-api-latency", version, 0.3);
        return this;
    }

    public JsonMetricsServer set(String kpiPath, String version, double value) {
        values.put(kpiPath + "@" + version, value);
        return this;
    }

    public String spec() {
        return "json:http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
