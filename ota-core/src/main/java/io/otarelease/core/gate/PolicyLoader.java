package io.otarelease.core.gate;

import io.otarelease.core.OtaException;
import io.otarelease.core.io.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a policy file over the default policy: keys the file sets replace the default's, the rest are kept.
 * Every error is {@link OtaException.BadInput} naming the file and the dotted key at fault, and unknown keys are
 * refused so that a typo ({@code maxTotalKB}) cannot silently leave a gate at its default.
 */
public final class PolicyLoader {
    public static final String SCHEMA = "ota-policy/1";
    static final String DEFAULT_RESOURCE = "default-policy.yaml";

    private static final Map<String, Set<String>> KEYS = Map.of(
            "", Set.of("schema", "size", "javascript", "sourceMaps", "secrets", "audit", "licenses", "signature",
                    "exceptions"),
            "size", Set.of("maxTotalKb", "maxFileKb", "listLargest"),
            "javascript", Set.of("enabled", "extensions", "severity", "globals"),
            "sourceMaps", Set.of("enabled"),
            "secrets", Set.of("enabled", "minEntropy", "minLength"),
            "audit", Set.of("failAt", "required"),
            "licenses", Set.of("forbidden", "required"),
            "signature", Set.of("required"),
            "exceptions", Set.of("path", "rule", "justification", "expires"));

    private final String document;
    private final Map<String, Object> root;

    private PolicyLoader(String document, Map<String, Object> root) {
        this.document = document;
        this.root = root;
    }

    /** The policy shipped with OTA Release. */
    public static GatePolicy defaults() {
        try (InputStream in = PolicyLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the ota-core jar");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "default policy", null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in " + DEFAULT_RESOURCE, e);
        }
    }

    public static GatePolicy load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot read policy " + file + ": " + IoErrors.reason(e), e);
        }
        return parse(text, file.toString(), defaults());
    }

    /** Parses {@code text}; keys it leaves out come from {@code base} (required when base is null). */
    public static GatePolicy parse(String text, String document, GatePolicy base) {
        Object loaded;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            loaded = new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException e) {
            throw new OtaException.BadInput(document + ": not valid YAML: " + e.getMessage().replace('\n', ' '), e);
        }
        if (loaded == null) {
            loaded = Map.of();
        }
        PolicyLoader p = new PolicyLoader(document, p0(document, loaded));
        return p.build(base);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> p0(String document, Object loaded) {
        if (!(loaded instanceof Map)) {
            throw new OtaException.BadInput(document + ": the policy must be a mapping of keys");
        }
        return (Map<String, Object>) loaded;
    }

    private GatePolicy build(GatePolicy base) {
        checkKeys("", root);
        if (root.containsKey("schema") && !SCHEMA.equals(root.get("schema"))) {
            throw bad("schema", "must be " + SCHEMA + ", found '" + root.get("schema") + "'");
        }
        Map<String, Object> size = section("size");
        Map<String, Object> js = section("javascript");
        Map<String, Object> maps = section("sourceMaps");
        Map<String, Object> secrets = section("secrets");
        Map<String, Object> audit = section("audit");
        Map<String, Object> licenses = section("licenses");
        Map<String, Object> signature = section("signature");
        boolean full = base == null;
        GatePolicy.Size sz = new GatePolicy.Size(
                positiveInt(size, "size.maxTotalKb", full ? null : base.size().maxTotalKb()),
                positiveInt(size, "size.maxFileKb", full ? null : base.size().maxFileKb()),
                (int) positiveInt(size, "size.listLargest", full ? null : (long) base.size().listLargest()));
        GatePolicy.JavaScript jsp = new GatePolicy.JavaScript(
                bool(js, "javascript.enabled", full ? null : base.javascript().enabled()),
                new TreeSet<>(strings(js, "javascript.extensions",
                        full ? null : List.copyOf(base.javascript().extensions()))),
                levels(js, full ? Map.of() : base.javascript().levels()),
                new TreeSet<>(strings(js, "javascript.globals",
                        full ? null : List.copyOf(base.javascript().globals()))));
        GatePolicy.Secrets sec = new GatePolicy.Secrets(
                bool(secrets, "secrets.enabled", full ? null : base.secrets().enabled()),
                number(secrets, "secrets.minEntropy", full ? null : base.secrets().minEntropy()),
                (int) positiveInt(secrets, "secrets.minLength", full ? null : (long) base.secrets().minLength()));
        GatePolicy.Severity failAt;
        Object failAtValue = value(audit, "audit.failAt", full ? null : base.audit().failAt().label());
        try {
            failAt = GatePolicy.Severity.parse(String.valueOf(failAtValue));
        } catch (IllegalArgumentException e) {
            throw bad("audit.failAt", e.getMessage());
        }
        GatePolicy.Audit au = new GatePolicy.Audit(failAt,
                bool(audit, "audit.required", full ? null : base.audit().required()));
        GatePolicy.Licenses li = new GatePolicy.Licenses(
                strings(licenses, "licenses.forbidden", full ? null : base.licenses().forbidden()),
                bool(licenses, "licenses.required", full ? null : base.licenses().required()));
        return new GatePolicy(sz, jsp, bool(maps, "sourceMaps.enabled", full ? null : base.sourceMaps()), sec, au, li,
                bool(signature, "signature.required", full ? null : base.signatureRequired()),
                exceptions(full ? null : base.exceptions()));
    }

    /** javascript.severity: rule id to error/warning/off, laid over the base policy's levels rule by rule. */
    private Map<String, GatePolicy.RuleLevel> levels(Map<String, Object> js, Map<String, GatePolicy.RuleLevel> base) {
        Object v = js.get("severity");
        if (v == null) {
            return base;
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw bad("javascript.severity", "must be a mapping of rule id to error, warning or off");
        }
        Map<String, GatePolicy.RuleLevel> out = new LinkedHashMap<>(base);
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String rule = String.valueOf(e.getKey());
            String where = "javascript.severity." + rule;
            if (!FileGates.JAVASCRIPT_LEVELLED_RULES.contains(rule)) {
                throw bad(where, "is not a rule whose level a policy sets (known: "
                        + String.join(", ", new TreeSet<>(FileGates.JAVASCRIPT_LEVELLED_RULES)) + ")");
            }
            // YAML 1.1 reads an unquoted off as false
            Object level = Boolean.FALSE.equals(e.getValue()) ? "off" : e.getValue();
            try {
                out.put(rule, GatePolicy.RuleLevel.parse(String.valueOf(level)));
            } catch (IllegalArgumentException ex) {
                throw bad(where, ex.getMessage());
            }
        }
        return out;
    }

    private List<PolicyException> exceptions(List<PolicyException> fallback) {
        Object v = root.get("exceptions");
        if (v == null) {
            if (fallback == null && !root.containsKey("exceptions")) {
                throw bad("exceptions", "is missing");
            }
            return fallback == null ? List.of() : fallback;
        }
        if (!(v instanceof List<?> list)) {
            throw bad("exceptions", "must be a list");
        }
        List<PolicyException> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "exceptions[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                throw bad(where, "must be a mapping with path, rule, justification and expires");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> e = (Map<String, Object>) m;
            checkKeys("exceptions", e, where);
            String path = text(e, where + ".path");
            String rule = text(e, where + ".rule");
            if (PolicyException.neverExcepted(rule)) {
                throw bad(where + ".rule", rule + " cannot be excepted: signature, expiry and required-input "
                        + "findings always block");
            }
            String justification = text(e, where + ".justification");
            out.add(new PolicyException(path, rule, justification, date(e, where + ".expires")));
        }
        return out;
    }

    private Map<String, Object> section(String name) {
        Object v = root.get(name);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map)) {
            throw bad(name, "must be a mapping");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) v;
        checkKeys(name, m);
        return m;
    }

    private void checkKeys(String section, Map<String, Object> m) {
        checkKeys(section, m, section);
    }

    private void checkKeys(String section, Map<String, Object> m, String where) {
        Set<String> known = KEYS.get(section);
        for (Object k : m.keySet()) {
            if (!(k instanceof String key) || !known.contains(key)) {
                String dotted = where.isEmpty() ? String.valueOf(k) : where + "." + k;
                throw bad(dotted, "is not a known key (known here: " + String.join(", ", new TreeSet<>(known))
                        + ")");
            }
        }
    }

    private Object value(Map<String, Object> m, String dotted, Object fallback) {
        Object v = m.get(last(dotted));
        if (v == null) {
            if (fallback == null) {
                throw bad(dotted, "is missing");
            }
            return fallback;
        }
        return v;
    }

    private long positiveInt(Map<String, Object> m, String dotted, Long fallback) {
        Object v = value(m, dotted, fallback);
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() <= 0) {
            throw bad(dotted, "must be a positive whole number, found '" + v + "'");
        }
        return ((Number) v).longValue();
    }

    private double number(Map<String, Object> m, String dotted, Double fallback) {
        Object v = value(m, dotted, fallback);
        if (!(v instanceof Number n) || n.doubleValue() < 0) {
            throw bad(dotted, "must be a non-negative number, found '" + v + "'");
        }
        return n.doubleValue();
    }

    private boolean bool(Map<String, Object> m, String dotted, Boolean fallback) {
        Object v = value(m, dotted, fallback);
        if (!(v instanceof Boolean b)) {
            throw bad(dotted, "must be true or false, found '" + v + "'");
        }
        return b;
    }

    private List<String> strings(Map<String, Object> m, String dotted, List<String> fallback) {
        Object v = value(m, dotted, fallback);
        if (!(v instanceof List<?> list)) {
            throw bad(dotted, "must be a list of strings, found '" + v + "'");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s) || s.isBlank()) {
                throw bad(dotted, "must be a list of non-empty strings, found '" + o + "'");
            }
            out.add(s.trim());
        }
        return out;
    }

    private String text(Map<String, Object> m, String dotted) {
        Object v = m.get(last(dotted));
        if (!(v instanceof String s) || s.isBlank()) {
            throw bad(dotted, v == null ? "is missing" : "must be a non-empty string, found '" + v + "'");
        }
        return s;
    }

    private LocalDate date(Map<String, Object> m, String dotted) {
        Object v = m.get(last(dotted));
        if (v instanceof Date d) { // YAML reads an unquoted 2026-12-31 as a timestamp at UTC midnight
            return d.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
        }
        if (v instanceof String s) {
            try {
                return LocalDate.parse(s.trim());
            } catch (DateTimeParseException e) {
                throw bad(dotted, "must be a date like 2026-12-31, found '" + s + "'");
            }
        }
        throw bad(dotted, v == null ? "is missing" : "must be a date like 2026-12-31, found '" + v + "'");
    }

    private static String last(String dotted) {
        return dotted.substring(dotted.lastIndexOf('.') + 1);
    }

    private OtaException.BadInput bad(String key, String problem) {
        return new OtaException.BadInput(document + ": " + key + " " + problem);
    }

    /** For tests and documentation: the keys a policy may set, by section. */
    static Map<String, Set<String>> knownKeys() {
        return new LinkedHashMap<>(KEYS);
    }
}
