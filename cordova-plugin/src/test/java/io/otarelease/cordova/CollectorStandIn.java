package io.otarelease.cordova;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * Stands in for the telemetry collector (a remote service): {@code POST /v1/telemetry} on loopback, checking every
 * batch against docs/telemetry.md's rules (400 naming the field, as the collector does), answering 202 once per
 * batchId and 200 for a batch already counted. Tests script answers ({@link #answerNext}) to play a collector in
 * trouble. To run the same tests against the real collector, give the plugin its URL instead of {@link #url()}.
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
        JSONObject batch;
        try {
            batch = new JSONObject(new String(body, StandardCharsets.UTF_8));
            check(batch);
        } catch (JSONException | IllegalArgumentException e) {
            contractViolations.add(e.getMessage());
            answer(x, batchId, 400, new JSONObject().put("error", String.valueOf(e.getMessage())).toString());
            return;
        }
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

    /** docs/telemetry.md, "A batch" and the event types; throws naming the field at fault. */
    static void check(JSONObject b) throws JSONException {
        require(b.getString("schema").equals("ota-telemetry/1"), "schema");
        require(b.getString("batchId").matches("[A-Za-z0-9_-]{16,64}"), "batchId");
        require(b.getString("installId").matches("[A-Za-z0-9_-]{16,64}"), "installId");
        require(b.getString("app").matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}"), "app");
        require(b.getString("channel").matches("[a-z0-9][a-z0-9._-]{0,63}"), "channel");
        require(Set.of("android", "ios").contains(b.getString("platform")), "platform");
        String nv = b.getString("nativeVersion");
        require(nv.matches("[\\x21-\\x7e][\\x20-\\x7e]{0,63}"), "nativeVersion");
        instant(b.getString("sentAt"), "sentAt");
        JSONArray events = b.getJSONArray("events");
        require(events.length() >= 1 && events.length() <= 500, "events");
        Set<String> known = Set.of("type", "at", "version");
        for (int i = 0; i < events.length(); i++) {
            JSONObject e = events.getJSONObject(i);
            String at = "events[" + i + "]";
            instant(e.getString("at"), at + ".at");
            require(e.getString("version").matches("[0-9A-Za-z][0-9A-Za-z._+-]{0,63}"), at + ".version");
            Map<String, String> fields = fields(e.getString("type"), at);
            for (java.util.Iterator<String> k = e.keys(); k.hasNext(); ) {
                String name = k.next();
                require(known.contains(name) || fields.containsKey(name), at + "." + name + " (unknown field)");
            }
            for (Map.Entry<String, String> f : fields.entrySet()) {
                String name = at + "." + f.getKey();
                boolean optional = f.getValue().endsWith("?");
                if (!e.has(f.getKey())) {
                    require(optional, name + " (missing)");
                    continue;
                }
                Object v = e.get(f.getKey());
                switch (f.getValue().replace("?", "")) {
                    case "bool":
                        require(v instanceof Boolean, name);
                        break;
                    case "count":
                        require(v instanceof Integer, name);
                        require(((Number) v).longValue() >= 0, name);
                        break;
                    case "seconds":
                        require(v instanceof Number, name);
                        double s = ((Number) v).doubleValue();
                        require(s >= 0 && s <= 3600, name);
                        break;
                    case "bytes":
                        require(v instanceof Integer || v instanceof Long, name);
                        require(((Number) v).longValue() >= 0 && ((Number) v).longValue() <= (1L << 40), name);
                        break;
                    case "status":
                        require(v instanceof Integer, name);
                        int st = (Integer) v;
                        require(st == 0 || st >= 100 && st <= 599, name);
                        break;
                    case "check":
                        require(Set.of("ok", "none", "failed").contains(v), name);
                        break;
                    case "download":
                        require(Set.of("ok", "failed").contains(v), name);
                        break;
                    default: // reason: a short token, never a message
                        require(v instanceof String && ((String) v).matches("[a-z][a-z0-9_]{0,31}"), name);
                }
            }
        }
    }

    private static Map<String, String> fields(String type, String at) {
        switch (type) {
            case "session":
                return Map.of("cold", "bool", "crashed", "bool", "jsErrors", "count", "jsErrorsBeforeReady", "count");
            case "ready":
                return Map.of("ttiSeconds", "seconds", "fcpSeconds", "seconds?");
            case "update_check":
                return Map.of("outcome", "check");
            case "download":
                return Map.of("outcome", "download", "bytes", "bytes", "seconds", "seconds");
            case "install":
                return Map.of("seconds", "seconds");
            case "refused":
                return Map.of("reason", "reason");
            case "api":
                return Map.of("status", "status", "seconds", "seconds");
            default:
                throw new IllegalArgumentException(at + ".type \"" + type + "\" is not an event type");
        }
    }

    private static void instant(String s, String field) {
        require(s.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z"), field + " (not RFC 3339 UTC)");
        try {
            Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not an RFC 3339 instant: " + s);
        }
    }

    private static void require(boolean ok, String field) {
        if (!ok) {
            throw new IllegalArgumentException("bad field " + field);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
