package io.otarelease.client.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonFields;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one vector file of {@code conformance/} (docs/conformance.md) and collects failures by case id, so one
 * run reports every case the client gets wrong instead of stopping at the first.
 */
final class Vectors {
    static final String SCHEMA = "ota-conformance/1";
    /** Tests run in ota-client/; the vectors live at the repository root for every client to find. */
    static final Path DIR = Path.of("..", "conformance");

    final JsonFields doc;
    private final List<String> failures = new ArrayList<>();
    private final Set<String> ids = new LinkedHashSet<>();
    private final Set<String> knownFailing;
    private final Set<String> failedIds = new LinkedHashSet<>();

    private Vectors(JsonFields doc, Set<String> knownFailing) {
        this.doc = doc;
        this.knownFailing = knownFailing;
    }

    static Vectors load(String file, String kind) throws java.io.IOException {
        return load(file, kind, Set.of());
    }

    /** @param knownFailing case ids the Java client is known to get wrong (each must still fail: see {@link #check}) */
    static Vectors load(String file, String kind, Set<String> knownFailing) throws java.io.IOException {
        Path p = DIR.resolve(file);
        JsonFields doc = JsonFields.parse(Files.readAllBytes(p), p.toString());
        doc.expect("schema", SCHEMA);
        doc.expect("kind", kind);
        return new Vectors(doc, knownFailing);
    }

    List<JsonFields> cases() {
        List<JsonFields> cases = doc.objects("cases");
        for (JsonFields c : cases) {
            if (!ids.add(c.string("id"))) {
                throw new AssertionError(doc.document() + ": case id " + c.string("id") + " appears twice");
            }
        }
        return cases;
    }

    /** The bytes of {@code field}: its UTF-8 string, or {@code <field>Base64} for bytes that are not UTF-8. */
    static byte[] bytes(JsonFields c, String field) {
        if (c.has(field + "Base64")) {
            return Base64.getDecoder().decode(c.string(field + "Base64"));
        }
        return c.string(field).getBytes(StandardCharsets.UTF_8);
    }

    void failure(JsonFields c, String message) {
        String id = c.string("id");
        failedIds.add(id);
        if (!knownFailing.contains(id)) {
            failures.add(id + ": " + message);
        }
    }

    /**
     * Fails listing every case that went wrong, and every known-failing case that now passes (so the list is
     * trimmed as soon as the client is fixed).
     */
    void check() {
        List<String> all = new ArrayList<>(failures);
        for (String id : knownFailing) {
            if (!ids.contains(id)) {
                all.add(id + ": listed as known-failing but no such case");
            } else if (!failedIds.contains(id)) {
                all.add(id + ": listed as known-failing but passes now; remove it from the list");
            }
        }
        if (ids.isEmpty()) {
            all.add("no cases read from " + doc.document());
        }
        if (!all.isEmpty()) {
            fail(doc.document() + ": " + all.size() + " case(s) of " + ids.size() + " failed:\n  "
                    + String.join("\n  ", all));
        }
    }

    /** Two-space indented JSON in insertion order, for files people review; strings as canonical JSON writes them. */
    static String pretty(Object value, String indent) {
        if (value instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                return "{}";
            }
            StringBuilder out = new StringBuilder("{\n");
            int i = 0;
            for (var e : m.entrySet()) {
                out.append(indent).append("  ").append(CanonicalJson.text(e.getKey())).append(": ")
                        .append(pretty(e.getValue(), indent + "  ")).append(++i < m.size() ? ",\n" : "\n");
            }
            return out.append(indent).append('}').toString();
        }
        if (value instanceof List<?> l) {
            if (l.isEmpty()) {
                return "[]";
            }
            StringBuilder out = new StringBuilder("[\n");
            for (int i = 0; i < l.size(); i++) {
                out.append(indent).append("  ").append(pretty(l.get(i), indent + "  "))
                        .append(i + 1 < l.size() ? ",\n" : "\n");
            }
            return out.append(indent).append(']').toString();
        }
        return CanonicalJson.text(value);
    }
}
