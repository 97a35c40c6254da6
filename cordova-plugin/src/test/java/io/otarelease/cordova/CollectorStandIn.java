package io.otarelease.cordova;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.otarelease.core.telemetry.BatchParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * Stands in for the telemetry collector where the real one ({@code TelemetryCollectorPluginTest}) cannot serve: it
 * plays a collector in trouble on request ({@link #answerNext}: 429 with Retry-After, 503, 400), which the real one
 * gives only under load or faults, and it keeps every accepted batch as sent, where the real one keeps only
 * aggregates, so tests can read each event's fields. Every batch is checked by the real collector's parser
 * ({@link BatchParser}: 400 naming the field, recorded in {@link #contractViolations}); 202 once per batchId, 200 for
 * a batch already counted.
 */
final class CollectorStandIn implements AutoCloseable {
    private static final int MAX_BODY = 256 * 1024;

    /** What one request got. */
    static final class Attempt {
        final String batchId;
        final int status;

        Attempt(String batchId, int status) {
            this.batchId = batchId;
            this.status = status;
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<String[]> scripted = new ConcurrentLinkedQueue<>();
    private final Set<String> counted = Collections.synchronizedSet(new HashSet<>());
    final List<JSONObject> accepted = new CopyOnWriteArrayList<>();
    final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    /** Why a batch broke the contract: each is a bug of the plugin's. */
    final List<String> contractViolations = new CopyOnWriteArrayList<>();

    CollectorStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/telemetry", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/telemetry");
    }

    /** The next request gets {@code status} (and Retry-After, when not null), whatever it holds. */
    void answerNext(int status, String retryAfter) {
        scripted.add(new String[] {String.valueOf(status), retryAfter});
    }

    /** Every event of every accepted batch, in order. */
    List<JSONObject> events() throws JSONException {
        List<JSONObject> all = new ArrayList<>();
        for (JSONObject b : accepted) {
            JSONArray e = b.getJSONArray("events");
            for (int i = 0; i < e.length(); i++) {
                all.add(e.getJSONObject(i));
            }
        }
        return all;
    }

    List<JSONObject> events(String type) throws JSONException {
        List<JSONObject> of = new ArrayList<>();
        for (JSONObject e : events()) {
            if (e.getString("type").equals(type)) {
                of.add(e);
            }
        }
        return of;
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            answerBatch(x);
        } catch (JSONException e) {
            throw new IOException(e);
        }
    }

    private void answerBatch(HttpExchange x) throws IOException, JSONException {
        byte[] body;
        try (InputStream in = x.getRequestBody()) {
            body = in.readAllBytes();
        }
        String batchId = null;
        try {
            batchId = new JSONObject(new String(body, StandardCharsets.UTF_8)).optString("batchId", null);
        } catch (JSONException e) {
            // reported below
        }
        String[] script = scripted.poll();
        if (script != null) {
            if (script[1] != null) {
                x.getResponseHeaders().add("Retry-After", script[1]);
            }
            answer(x, batchId, Integer.parseInt(script[0]), "{\"error\":\"scripted\"}");
            return;
        }
        if (!"POST".equals(x.getRequestMethod())) {
            answer(x, batchId, 405, "{}");
            return;
        }
        if (!String.valueOf(x.getRequestHeaders().getFirst("Content-Type")).startsWith("application/json")) {
            contractViolations.add("Content-Type " + x.getRequestHeaders().getFirst("Content-Type"));
            answer(x, batchId, 415, "{}");
            return;
        }
        if (body.length > MAX_BODY) {
            contractViolations.add("body of " + body.length + " bytes");
            answer(x, batchId, 413, "{}");
            return;
        }
        try {
            BatchParser.parse(body); // the real collector's rules, so a batch it would refuse fails the test here
        } catch (BatchParser.InvalidBatch e) {
            contractViolations.add(e.field() + ": " + e.getMessage());
            answer(x, batchId, 400, new JSONObject().put("error", e.getMessage()).put("field", e.field()).toString());
            return;
        }
        JSONObject batch = new JSONObject(new String(body, StandardCharsets.UTF_8));
        if (!counted.add(batchId)) {
            answer(x, batchId, 200, "{\"accepted\":0}");
            return;
        }
        accepted.add(batch);
        answer(x, batchId, 202, "{\"accepted\":" + batch.getJSONArray("events").length() + "}");
    }

    private void answer(HttpExchange x, String batchId, int status, String body) throws IOException {
        attempts.add(new Attempt(batchId, status));
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
