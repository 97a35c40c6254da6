package io.otarelease.signer;

import io.otarelease.core.OtaException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed access to one mapping of {@code signer.yaml}, so every error names the file and the key at fault
 * ("signer.yaml: keys[1].algorithm must be one of ..."). Unknown keys are refused: a misspelt {@code revoked}
 * must not silently leave a certificate trusted.
 */
final class YamlFields {
    private final Map<?, ?> map;
    private final String file;
    private final String path;

    YamlFields(Map<?, ?> map, String file, String path) {
        this.map = map;
        this.file = file;
        this.path = path;
    }

    String name(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    OtaException.BadInput fail(String key, String what) {
        return new OtaException.BadInput(file + ": " + name(key) + " " + what);
    }

    void allowOnly(String... keys) {
        Set<String> allowed = Set.of(keys);
        for (Object k : map.keySet()) {
            if (!allowed.contains(String.valueOf(k))) {
                throw fail(String.valueOf(k), "is not a known setting (expected one of " + String.join(", ", keys)
                        + ")");
            }
        }
    }

    boolean has(String key) {
        return map.get(key) != null;
    }

    String string(String key) {
        String s = optString(key);
        if (s == null) {
            throw fail(key, "is missing");
        }
        return s;
    }

    String optString(String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map || v instanceof List) {
            throw fail(key, "must be a single value");
        }
        String s = String.valueOf(v).strip();
        if (s.isEmpty()) {
            throw fail(key, "is empty");
        }
        return s;
    }

    int integer(String key, int min, int max, int defaultValue) {
        Object v = map.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (!(v instanceof Integer i)) {
            throw fail(key, "must be a whole number");
        }
        if (i < min || i > max) {
            throw fail(key, "must be between " + min + " and " + max + " but is " + i);
        }
        return i;
    }

    YamlFields object(String key) {
        Object v = map.get(key);
        if (v == null) {
            throw fail(key, "is missing");
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw fail(key, "must be a mapping");
        }
        return new YamlFields(m, file, name(key));
    }

    YamlFields optObject(String key) {
        return has(key) ? object(key) : null;
    }

    List<YamlFields> objects(String key) {
        List<YamlFields> out = new ArrayList<>();
        List<?> list = list(key);
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw fail(key + "[" + i + "]", "must be a mapping");
            }
            out.add(new YamlFields(m, file, name(key + "[" + i + "]")));
        }
        return out;
    }

    List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        List<?> list = list(key);
        for (int i = 0; i < list.size(); i++) {
            Object v = list.get(i);
            if (v == null || v instanceof Map || v instanceof List || String.valueOf(v).isBlank()) {
                throw fail(key + "[" + i + "]", "must be a non-empty string");
            }
            out.add(String.valueOf(v).strip());
        }
        return out;
    }

    private List<?> list(String key) {
        Object v = map.get(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> l)) {
            throw fail(key, "must be a list");
        }
        return l;
    }
}
