package io.otarelease.core.canary;

import io.otarelease.core.OtaException;
import io.otarelease.core.io.IoErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The canary's KPIs, levels, query templates and minimum session count: the defaults shipped in the jar
 * ({@code thresholds.yaml}, the seed's KPI tables) with a team's file laid over them field by field.
 * An override may change any field of a known KPI, disable one ({@code enabled: false}) or add a new one with
 * every field given. Unknown keys are refused so a typo never silently keeps a default.
 */
public final class Thresholds {
    public static final String SCHEMA = "ota-thresholds/1";
    static final String DEFAULTS = "thresholds.yaml";
    private static final Pattern WINDOW = Pattern.compile("[1-9][0-9]{0,5}[smhd]");
    private static final Pattern JSON_PATH = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");
    private static final Set<String> TOP_KEYS = Set.of("schema", "minSessions", "window", "sessions", "kpis");
    private static final Set<String> KPI_KEYS =
            Set.of("title", "unit", "breachWhen", "warning", "critical", "prometheus", "json", "enabled");

    private final long minSessions;
    private final String window;
    private final Kpi sessions;
    private final List<Kpi> kpis;

    private Thresholds(long minSessions, String window, Kpi sessions, List<Kpi> kpis) {
        this.minSessions = minSessions;
        this.window = window;
        this.sessions = sessions;
        this.kpis = List.copyOf(kpis);
    }

    /** The shipped defaults. */
    public static Thresholds defaults() {
        return merge(List.of(readDefaults()), List.of("built-in " + DEFAULTS));
    }

    /** The shipped defaults overridden by {@code file}. */
    public static Thresholds load(Path file) {
        Map<String, Object> override;
        try {
            override = parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot read thresholds file " + file + ": " + IoErrors.reason(e), e);
        }
        return merge(List.of(readDefaults(), override), List.of("built-in " + DEFAULTS, file.toString()));
    }

    public long minSessions() {
        return minSessions;
    }

    public String window() {
        return window;
    }

    /** The query counting sessions of a version in the window (its levels are unused). */
    public Kpi sessions() {
        return sessions;
    }

    /** The enabled KPIs, in file order. */
    public List<Kpi> kpis() {
        return kpis.stream().filter(Kpi::enabled).toList();
    }

    public Kpi kpi(String name) {
        return kpis.stream().filter(k -> k.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no KPI " + name));
    }

    /** Checks a window such as {@code 1h} or {@code 15m} (a PromQL duration); names the option on error. */
    public static String checkWindow(String window, String where) {
        if (window == null || !WINDOW.matcher(window).matches()) {
            throw new OtaException.BadInput(where + " must be a duration like 15m, 1h or 1d but is '" + window + "'");
        }
        return window;
    }

    private static Map<String, Object> readDefaults() {
        try (InputStream in = Thresholds.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the jar: the build did not copy resources/canary");
            }
            return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "built-in " + DEFAULTS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the built-in " + DEFAULTS, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String text, String document) {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new OtaException.BadInput(document + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (!(doc instanceof Map)) {
            throw new OtaException.BadInput(document + ": must be a mapping with schema: " + SCHEMA);
        }
        Map<String, Object> map = (Map<String, Object>) doc;
        for (String key : map.keySet()) {
            if (!TOP_KEYS.contains(key)) {
                throw new OtaException.BadInput(document + ": unknown key '" + key + "' (known: " + TOP_KEYS + ")");
            }
        }
        if (!SCHEMA.equals(map.get("schema"))) {
            throw new OtaException.BadInput(document + ": schema must be \"" + SCHEMA + "\" but is " + map.get("schema"));
        }
        return map;
    }

    private static Thresholds merge(List<Map<String, Object>> layers, List<String> names) {
        long minSessions = 0;
        String window = null;
        Map<String, Object> sessions = new LinkedHashMap<>();
        Map<String, Map<String, Object>> kpis = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            Map<String, Object> layer = layers.get(i);
            String doc = names.get(i);
            if (layer.containsKey("minSessions")) {
                minSessions = integer(layer.get("minSessions"), doc, "minSessions");
            }
            if (layer.containsKey("window")) {
                window = checkWindow(String.valueOf(layer.get("window")), doc + ": window");
            }
            if (layer.containsKey("sessions")) {
                Map<String, Object> s = mapping(layer.get("sessions"), doc, "sessions");
                checkKeys(s, Set.of("prometheus", "json"), doc, "sessions");
                sessions.putAll(s);
            }
            if (layer.containsKey("kpis")) {
                mapping(layer.get("kpis"), doc, "kpis").forEach((name, fields) -> {
                    Map<String, Object> f = mapping(fields, doc, "kpis." + name);
                    checkKeys(f, KPI_KEYS, doc, "kpis." + name);
                    kpis.computeIfAbsent(name, n -> new LinkedHashMap<>()).putAll(f);
                });
            }
        }
        String last = names.get(names.size() - 1);
        Kpi sessionsKpi = new Kpi("sessions", "Sessions", "", Kpi.Breach.BELOW, 0, 0,
                template(sessions, last, "sessions"), jsonPath(sessions, last, "sessions"), true);
        List<Kpi> list = new ArrayList<>();
        kpis.forEach((name, f) -> list.add(kpi(name, f, last)));
        return new Thresholds(minSessions, window, sessionsKpi, list);
    }

    private static Kpi kpi(String name, Map<String, Object> f, String doc) {
        String where = "kpis." + name;
        String breach = string(f, "breachWhen", doc, where);
        Kpi.Breach b;
        try {
            b = Kpi.Breach.valueOf(breach.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new OtaException.BadInput(doc + ": " + where + ".breachWhen must be below, above or deviates but is '" + breach + "'");
        }
        Object enabled = f.getOrDefault("enabled", Boolean.TRUE);
        if (!(enabled instanceof Boolean)) {
            throw new OtaException.BadInput(doc + ": " + where + ".enabled must be true or false");
        }
        return new Kpi(name, string(f, "title", doc, where), String.valueOf(f.getOrDefault("unit", "")), b,
                number(f, "warning", doc, where), number(f, "critical", doc, where),
                template(f, doc, where), jsonPath(f, doc, where), (Boolean) enabled);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapping(Object v, String doc, String where) {
        if (!(v instanceof Map)) {
            throw new OtaException.BadInput(doc + ": " + where + " must be a mapping");
        }
        return (Map<String, Object>) v;
    }

    private static void checkKeys(Map<String, Object> m, Set<String> known, String doc, String where) {
        for (String key : m.keySet()) {
            if (!known.contains(key)) {
                throw new OtaException.BadInput(doc + ": unknown key " + where + "." + key + " (known: " + known + ")");
            }
        }
    }

    /** A query that does not select the version would judge the whole fleet: refused. */
    private static String template(Map<String, Object> m, String doc, String where) {
        String t = string(m, "prometheus", doc, where);
        if (!t.contains("$version")) {
            throw new OtaException.BadInput(doc + ": " + where + ".prometheus must select the version with $version");
        }
        return t;
    }

    /** A relative path below the API's URL: never another host, never "..". */
    private static String jsonPath(Map<String, Object> m, String doc, String where) {
        String p = string(m, "json", doc, where);
        if (!JSON_PATH.matcher(p).matches()) {
            throw new OtaException.BadInput(doc + ": " + where + ".json must be a relative path like crash-free-sessions");
        }
        return p;
    }

    private static String string(Map<String, Object> m, String key, String doc, String where) {
        Object v = m.get(key);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new OtaException.BadInput(doc + ": " + where + "." + key + " must be a non-empty string");
        }
        return s;
    }

    private static double number(Map<String, Object> m, String key, String doc, String where) {
        Object v = m.get(key);
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new OtaException.BadInput(doc + ": " + where + "." + key + " must be a number");
        }
        return n.doubleValue();
    }

    private static long integer(Object v, String doc, String key) {
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0) {
            throw new OtaException.BadInput(doc + ": " + key + " must be a whole number of sessions, 0 or more");
        }
        return ((Number) v).longValue();
    }
}
