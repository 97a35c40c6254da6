package io.otarelease.core.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local webhook receiver that records every request it is sent, for {@code ota demo} and the tests: it stands in
 * for Slack or a chat bridge without any account. It binds 127.0.0.1 only. {@link #failFirst} makes it answer the
 * first requests with an error status, to show retries.
 */
public final class RecordingReceiver implements AutoCloseable {
    /** One received request. */
    public record Request(String path, String contentType, byte[] body) {
        public String bodyText() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static final int MAX_BODY = 1 << 20;
    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int failStatus = 500;

    private RecordingReceiver(HttpServer server) {
        this.server = server;
    }

    public static RecordingReceiver start() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        RecordingReceiver r = new RecordingReceiver(s);
        s.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readNBytes(MAX_BODY);
                synchronized (r.requests) {
                    r.requests.add(new Request(exchange.getRequestURI().getPath(),
                            exchange.getRequestHeaders().getFirst("Content-Type"), body));
                }
                int status = r.failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? r.failStatus : 200;
                byte[] answer = (status == 200 ? "ok" : "error").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        s.setExecutor(Executors.newSingleThreadExecutor(t -> {
            Thread th = new Thread(t, "recording-receiver");
            th.setDaemon(true);
            return th;
        }));
        s.start();
        return r;
    }

    /** The next {@code n} requests are answered with {@code status} (then 200 again). */
    public RecordingReceiver failFirst(int n, int status) {
        failures.set(n);
        failStatus = status;
        return this;
    }

    /** A URL on this receiver; the path tells channels apart. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    public List<Request> requests(String path) {
        return requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
