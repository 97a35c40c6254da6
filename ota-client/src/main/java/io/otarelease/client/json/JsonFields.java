package io.otarelease.client.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Typed, validating access to one JSON object, so every error names the document and the field at fault
 * ("manifest.json: files[3].sha256 must be 64 lowercase hex characters").
 */
public final class JsonFields {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private final Map<String, Object> map;
    private final String document;
    private final String path;

    private JsonFields(Map<String, Object> map, String document, String path) {
        this.map = map;
        this.document = document;
        this.path = path;
    }

    public static JsonFields of(Map<String, Object> map, String document) {
        return new JsonFields(map, document, "");
    }

    /** Parses bytes that must hold one JSON object; a syntax error names the document. */
    public static JsonFields parse(byte[] utf8, String document) {
        try {
            return of(JsonReader.parseObject(utf8), document);
        } catch (JsonException e) {
            throw new JsonException(document + ": " + e.getMessage());
        }
    }

    public Map<String, Object> raw() {
        return map;
    }

    public String document() {
        return document;
    }

    public boolean has(String key) {
        return map.containsKey(key) && map.get(key) != null;
    }

    public String string(String key) {
        Object v = required(key);
        if (!(v instanceof String s)) {
            throw fail(key, "must be a string");
        }
        return s;
    }

    public String optString(String key) {
        return has(key) ? string(key) : null;
    }

    /** A string that must equal {@code expected}, typically the "schema" field. */
    public void expect(String key, String expected) {
        String actual = string(key);
        if (!actual.equals(expected)) {
            throw fail(key, "must be \"" + expected + "\" but is \"" + actual + "\"");
        }
    }

    public String hex64(String key) {
        String s = string(key);
        if (!HEX64.matcher(s).matches()) {
            throw fail(key, "must be 64 lowercase hex characters");
        }
        return s;
    }

    /** {@code true} or {@code false}; {@code dflt} when the key is absent (null is not a boolean). */
    public boolean optBoolean(String key, boolean dflt) {
        if (!map.containsKey(key)) {
            return dflt;
        }
        if (!(map.get(key) instanceof Boolean b)) {
            throw fail(key, "must be true or false");
        }
        return b;
    }

    public long integer(String key) {
        Object v = required(key);
        if (!(v instanceof Long l)) {
            throw fail(key, "must be an integer");
        }
        return l;
    }

    public long integer(String key, long min, long max) {
        long v = integer(key);
        if (v < min || v > max) {
            throw fail(key, "must be between " + min + " and " + max + " but is " + v);
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    public JsonFields object(String key) {
        Object v = required(key);
        if (!(v instanceof Map)) {
            throw fail(key, "must be an object");
        }
        return new JsonFields((Map<String, Object>) v, document, name(key));
    }

    public JsonFields optObject(String key) {
        return has(key) ? object(key) : null;
    }

    /** The elements of an array of objects, each addressed as {@code key[i]} in errors. */
    @SuppressWarnings("unchecked")
    public List<JsonFields> objects(String key) {
        Object v = required(key);
        if (!(v instanceof List<?> list)) {
            throw fail(key, "must be an array");
        }
        List<JsonFields> out = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map)) {
                throw fail(key + "[" + i + "]", "must be an object");
            }
            out.add(new JsonFields((Map<String, Object>) list.get(i), document, name(key + "[" + i + "]")));
        }
        return out;
    }

    public JsonException fail(String key, String what) {
        return new JsonException(document + ": " + name(key) + " " + what);
    }

    private Object required(String key) {
        if (!map.containsKey(key) || map.get(key) == null) {
            throw fail(key, "is missing");
        }
        return map.get(key);
    }

    private String name(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
