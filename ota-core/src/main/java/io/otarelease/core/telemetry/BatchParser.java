package io.otarelease.core.telemetry;

import io.otarelease.client.layout.Names;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an {@code ota-telemetry/1} batch and checks every rule of docs/telemetry.md; the first broken rule throws
 * {@link InvalidBatch} naming the field ({@code events[3].seconds}). Unknown fields are refused too, so a typo in an
 * app never silently drops a measurement. Nothing is counted from a batch this refuses.
 */
public final class BatchParser {
    public static final int MAX_EVENTS = 500;
    static final double MAX_SECONDS = 3600;
    static final long MAX_BYTES = 1L << 40;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._+-]{0,63}");
    private static final Pattern REASON = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e][\\x20-\\x7e]{0,63}");
    /** RFC 3339 in UTC, as {@link Instant#toString()} and JavaScript's toISOString() write it. */
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z");
    private static final Set<String> TOP = Set.of("schema", "batchId", "installId", "app", "channel", "platform",
            "nativeVersion", "sentAt", "events");
    /** Each event type's fields, {@code type}, {@code at} and {@code version} included. */
    private static final Map<String, Set<String>> EVENT_FIELDS = Map.of(
            "session", Set.of("type", "at", "version", "cold", "crashed", "jsErrors", "jsErrorsBeforeReady"),
            "ready", Set.of("type", "at", "version", "ttiSeconds", "fcpSeconds"),
            "update_check", Set.of("type", "at", "version", "outcome"),
            "download", Set.of("type", "at", "version", "outcome", "bytes", "seconds"),
            "install", Set.of("type", "at", "version", "seconds"),
            "refused", Set.of("type", "at", "version", "reason"),
            "api", Set.of("type", "at", "version", "status", "seconds"));
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private BatchParser() {
    }

    /** A batch against the contract: {@code field} is the JSON path at fault ({@code ""} for the whole body). */
    public static final class InvalidBatch extends RuntimeException {
        private final String field;

        public InvalidBatch(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    public static TelemetryBatch parse(byte[] body) {
        JsonNode root;
        try (JsonParser p = JSON.createParser(body)) {
            root = JSON.readTree(p);
        } catch (JsonProcessingException e) {
            throw new InvalidBatch("", "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidBatch("", "not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidBatch("", "the body must be a JSON object (schema " + TelemetryBatch.SCHEMA + ")");
        }
        known(root, TOP, "");
        String schema = text(root, "schema", "schema");
        if (!schema.equals(TelemetryBatch.SCHEMA)) {
            throw new InvalidBatch("schema", "must be \"" + TelemetryBatch.SCHEMA + "\" but is \"" + schema + "\"");
        }
        String platform = text(root, "platform", "platform");
        if (!platform.equals("android") && !platform.equals("ios")) {
            throw new InvalidBatch("platform", "must be android or ios");
        }
        JsonNode events = root.get("events");
        if (events == null || !events.isArray()) {
            throw new InvalidBatch("events", "must be an array of 1 to " + MAX_EVENTS + " events");
        }
        if (events.isEmpty() || events.size() > MAX_EVENTS) {
            throw new InvalidBatch("events", "must hold 1 to " + MAX_EVENTS + " events but holds " + events.size());
        }
        List<TelemetryBatch.Event> list = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            list.add(event(events.get(i), "events[" + i + "]"));
        }
        return new TelemetryBatch(matching(root, "batchId", ID, "16-64 characters [A-Za-z0-9_-]"),
                matching(root, "installId", ID, "16-64 characters [A-Za-z0-9_-]"),
                matching(root, "app", Names.APP_ID, "an app id (letters, digits, '.', '_', '-'; at most 128)"),
                matching(root, "channel", Names.CHANNEL, "a channel name (lower case letters, digits, '.', '_', '-')"),
                platform, matching(root, "nativeVersion", PRINTABLE, "1-64 printable ASCII characters"),
                instant(root, "sentAt", "sentAt"), list);
    }

    private static TelemetryBatch.Event event(JsonNode e, String path) {
        if (!e.isObject()) {
            throw new InvalidBatch(path, "must be an object");
        }
        String type = text(e, "type", path + ".type");
        Set<String> fields = EVENT_FIELDS.get(type);
        if (fields == null) {
            throw new InvalidBatch(path + ".type", "unknown event type \"" + type + "\" (known: " + EVENT_FIELDS.keySet() + ")");
        }
        known(e, fields, path + ".");
        Instant at = instant(e, "at", path + ".at");
        String v = matching(e, "version", VERSION, "a bundle version (letters, digits, '.', '_', '+', '-'; at most 64)",
                path + ".version");
        return switch (type) {
            case "session" -> new TelemetryBatch.Session(at, v, bool(e, "cold", path), bool(e, "crashed", path),
                    count(e, "jsErrors", path), count(e, "jsErrorsBeforeReady", path));
            case "ready" -> new TelemetryBatch.Ready(at, v, seconds(e, "ttiSeconds", path),
                    e.has("fcpSeconds") ? seconds(e, "fcpSeconds", path) : null);
            case "update_check" -> new TelemetryBatch.UpdateCheck(at, v, oneOf(e, "outcome", path, "ok", "none", "failed"));
            case "download" -> new TelemetryBatch.Download(at, v, oneOf(e, "outcome", path, "ok", "failed").equals("ok"),
                    integer(e, "bytes", path, 0, MAX_BYTES), seconds(e, "seconds", path));
            case "install" -> new TelemetryBatch.Install(at, v, seconds(e, "seconds", path));
            case "refused" -> new TelemetryBatch.Refused(at, v, matching(e, "reason", REASON,
                    "a refusal reason such as signature, hash or expired", path + ".reason"));
            default -> {
                int status = (int) integer(e, "status", path, 0, 599);
                if (status != 0 && status < 100) {
                    throw new InvalidBatch(path + ".status", "must be an HTTP status (100-599) or 0 for a network error");
                }
                yield new TelemetryBatch.Api(at, v, status, seconds(e, "seconds", path));
            }
        };
    }

    private static void known(JsonNode o, Set<String> allowed, String prefix) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new InvalidBatch(prefix + name, "unknown field (ota-telemetry/1 has " + new java.util.TreeSet<>(allowed) + ")");
            }
        }
    }

    private static JsonNode required(JsonNode o, String name, String path) {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) {
            throw new InvalidBatch(path, "is missing");
        }
        return n;
    }

    private static String text(JsonNode o, String name, String path) {
        JsonNode n = required(o, name, path);
        if (!n.isTextual()) {
            throw new InvalidBatch(path, "must be a string");
        }
        return n.textValue();
    }

    private static String matching(JsonNode o, String name, Pattern p, String rule) {
        return matching(o, name, p, rule, name);
    }

    private static String matching(JsonNode o, String name, Pattern p, String rule, String path) {
        String s = text(o, name, path);
        if (!p.matcher(s).matches()) {
            throw new InvalidBatch(path, "must be " + rule);
        }
        return s;
    }

    private static String oneOf(JsonNode o, String name, String path, String... values) {
        String s = text(o, name, path + "." + name);
        if (!List.of(values).contains(s)) {
            throw new InvalidBatch(path + "." + name, "must be one of " + String.join(", ", values));
        }
        return s;
    }

    private static Instant instant(JsonNode o, String name, String path) {
        String s = text(o, name, path);
        if (!INSTANT.matcher(s).matches()) {
            throw new InvalidBatch(path, "must be an RFC 3339 UTC instant such as 2026-12-06T10:15:00Z");
        }
        try {
            return Instant.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidBatch(path, "is not a real instant: " + s);
        }
    }

    private static boolean bool(JsonNode o, String name, String path) {
        JsonNode n = required(o, name, path + "." + name);
        if (!n.isBoolean()) {
            throw new InvalidBatch(path + "." + name, "must be true or false");
        }
        return n.booleanValue();
    }

    private static long count(JsonNode o, String name, String path) {
        return integer(o, name, path, 0, Integer.MAX_VALUE);
    }

    private static long integer(JsonNode o, String name, String path, long min, long max) {
        JsonNode n = required(o, name, path + "." + name);
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < min || n.longValue() > max) {
            throw new InvalidBatch(path + "." + name, "must be a whole number from " + min + " to " + max);
        }
        return n.longValue();
    }

    private static double seconds(JsonNode o, String name, String path) {
        JsonNode n = required(o, name, path + "." + name);
        double d = n.isNumber() ? n.doubleValue() : Double.NaN;
        if (!(d >= 0 && d <= MAX_SECONDS)) {
            throw new InvalidBatch(path + "." + name, "must be a number of seconds from 0 to " + (long) MAX_SECONDS);
        }
        return d;
    }
}
