package io.otarelease.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.otarelease.client.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server speaking DynamoDB's JSON 1.0 protocol ({@code X-Amz-Target: DynamoDB_20120810.*}) for the
 * operations and condition expressions the registry uses: GetItem, PutItem with {@code attribute_not_exists(k)} or
 * {@code a = :v}, failing with ConditionalCheckFailedException as DynamoDB does. Each condition is checked and the
 * item written under one lock, as DynamoDB makes a conditional write atomic.
 *
 * <p>Why not DynamoDB Local: its licence is the vendor's own terms, which this project does not take in. The real
 * AWS SDK client runs against this server, so requests, signing, error mapping and retries are the real ones.
 */
public final class DynamoDbWireServer implements AutoCloseable {
    private final HttpServer server;
    private final Map<String, Map<String, Map<String, Object>>> tables = new HashMap<>();
    public final AtomicInteger conditionalFailures = new AtomicInteger();
    /** Tables that do not exist: DynamoDB answers ResourceNotFoundException, as for a typo in the table name. */
    public final java.util.Set<String> absentTables = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public DynamoDbWireServer() throws IOException {
        // without TCP_NODELAY every request waits out a delayed ACK (~40 ms) on loopback
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @SuppressWarnings("unchecked")
    private void handle(HttpExchange ex) throws IOException {
        try {
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("AWS4-HMAC-SHA256")) {
                send(ex, 400, error("MissingAuthenticationTokenException", "Request is missing Authentication Token"));
                return;
            }
            Map<String, Object> req = Json.parseObject(ex.getRequestBody().readAllBytes());
            String table = (String) req.get("TableName");
            String op = target == null ? "" : target.substring(target.indexOf('.') + 1);
            if (absentTables.contains(table)) {
                send(ex, 400, error("ResourceNotFoundException", "Requested resource not found"));
                return;
            }
            switch (op) {
                case "GetItem" -> {
                    Map<String, Object> key = (Map<String, Object>) req.get("Key");
                    Map<String, Object> item;
                    synchronized (tables) {
                        item = tables.computeIfAbsent(table, t -> new HashMap<>()).get(Json.canonical(key));
                    }
                    Map<String, Object> resp = new LinkedHashMap<>();
                    if (item != null) {
                        resp.put("Item", item);
                    }
                    send(ex, 200, Json.canonical(resp));
                }
                case "PutItem" -> {
                    Map<String, Object> item = (Map<String, Object>) req.get("Item");
                    String hashKey = "appId";
                    Map<String, Object> key = Map.of(hashKey, item.get(hashKey));
                    synchronized (tables) {
                        Map<String, Map<String, Object>> t = tables.computeIfAbsent(table, x -> new HashMap<>());
                        Map<String, Object> existing = t.get(Json.canonical(key));
                        if (!holds((String) req.get("ConditionExpression"),
                                (Map<String, Object>) req.get("ExpressionAttributeValues"), existing)) {
                            conditionalFailures.incrementAndGet();
                            send(ex, 400, error("ConditionalCheckFailedException", "The conditional request failed"));
                            return;
                        }
                        t.put(Json.canonical(key), item);
                    }
                    send(ex, 200, "{}");
                }
                default -> send(ex, 400, error("UnknownOperationException", "unsupported: " + target));
            }
        } catch (RuntimeException e) {
            send(ex, 400, error("ValidationException", e.toString()));
        }
    }

    private static boolean holds(String condition, Map<String, Object> values, Map<String, Object> existing) {
        if (condition == null) {
            return true;
        }
        var notExists = java.util.regex.Pattern.compile("attribute_not_exists\\((\\w+)\\)").matcher(condition.trim());
        if (notExists.matches()) {
            return existing == null || !existing.containsKey(notExists.group(1));
        }
        var equals = java.util.regex.Pattern.compile("(\\w+) = (:\\w+)").matcher(condition.trim());
        if (equals.matches()) {
            return existing != null && Json.canonical(existing.get(equals.group(1)))
                    .equals(Json.canonical(values.get(equals.group(2))));
        }
        throw new IllegalArgumentException("unsupported condition " + condition);
    }

    private static String error(String type, String message) {
        return "{\"__type\":\"com.amazonaws.dynamodb.v20120810#" + type + "\",\"message\":\"" + message + "\"}";
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        ex.getResponseHeaders().add("x-amzn-RequestId", "req-" + System.nanoTime());
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
