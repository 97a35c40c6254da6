package io.otarelease.core.notify;

import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import io.otarelease.core.io.IoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Which channels exist, how to reach each, which event types go where, and how hard to retry
 * ({@value #SCHEMA}). Webhook URLs are never in the file: each channel names an environment variable
 * ({@code urlEnv}) or a file ({@code urlFile}, relative to the config file) holding the URL.
 * <pre>
 * schema: ota-notify/1
 * channels:
 *   engineering: {transport: slack, urlEnv: OTA_SLACK_ENGINEERING}
 *   releases:    {transport: slack, urlFile: /run/secrets/slack-releases}
 *   incidents:   {transport: webhook, urlEnv: OTA_INCIDENTS_WEBHOOK}
 * routes:                       # optional: these are the defaults
 *   pipeline: [engineering]
 *   release:  [engineering, releases]
 *   rollback: [engineering, releases]
 *   incident: [engineering, incidents]
 * retry: {attempts: 4, initialDelayMs: 500, maxDelayMs: 8000, timeoutSeconds: 10}
 * </pre>
 */
public record NotifyConfig(Map<Channel, Endpoint> endpoints, Map<EventType, List<Channel>> routes, Retry retry) {
    public static final String SCHEMA = "ota-notify/1";
    private static final Set<String> TOP = Set.of("schema", "channels", "routes", "retry");
    private static final Set<String> CHANNEL_KEYS = Set.of("transport", "urlEnv", "urlFile");
    private static final Set<String> RETRY_KEYS = Set.of("attempts", "initialDelayMs", "maxDelayMs", "timeoutSeconds");

    /** Retries: {@code attempts} in all, waiting initialDelay, 2×, 4×... capped at maxDelay between them. */
    public record Retry(int attempts, Duration initialDelay, Duration maxDelay, Duration timeout) {
        public static final Retry DEFAULT = new Retry(4, Duration.ofMillis(500), Duration.ofSeconds(8),
                Duration.ofSeconds(10));

        public Duration delayBefore(int attempt) {
            long ms = initialDelay.toMillis() << Math.min(attempt - 2, 20);
            return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
        }
    }

    public NotifyConfig {
        endpoints = Map.copyOf(endpoints);
        routes = Map.copyOf(routes);
    }

    /** The seed's routing: engineering hears everything, releases hears releases and rollbacks, incidents incidents. */
    public static Map<EventType, List<Channel>> defaultRoutes() {
        Map<EventType, List<Channel>> m = new EnumMap<>(EventType.class);
        m.put(EventType.PIPELINE, List.of(Channel.ENGINEERING));
        m.put(EventType.RELEASE, List.of(Channel.ENGINEERING, Channel.RELEASES));
        m.put(EventType.ROLLBACK, List.of(Channel.ENGINEERING, Channel.RELEASES));
        m.put(EventType.INCIDENT, List.of(Channel.ENGINEERING, Channel.INCIDENTS));
        return m;
    }

    /** Loads {@code file}; {@code env} is where {@code urlEnv} names are looked up (the CLI passes System.getenv()). */
    public static NotifyConfig load(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new OtaException.BadInput("cannot read notification config " + file + ": " + IoErrors.reason(e), e);
        }
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new OtaException.BadInput(file + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(map(doc, file + ""), file.toString(), env, base);
    }

    static NotifyConfig parse(Map<String, Object> top, String doc, Map<String, String> env, Path base) {
        unknown(top, TOP, doc, "");
        if (!SCHEMA.equals(top.get("schema"))) {
            throw new OtaException.BadInput(doc + ": schema must be \"" + SCHEMA + "\"");
        }
        Map<String, Object> channels = map(top.get("channels"), doc + ": channels");
        if (channels.isEmpty()) {
            throw new OtaException.BadInput(doc + ": channels names no channel");
        }
        Map<Channel, Endpoint> endpoints = new EnumMap<>(Channel.class);
        for (var e : channels.entrySet()) {
            String where = doc + ": channels." + e.getKey();
            Channel ch = Channel.parse(e.getKey(), doc + ": channel");
            Map<String, Object> c = map(e.getValue(), where);
            unknown(c, CHANNEL_KEYS, doc, "channels." + e.getKey() + ".");
            Endpoint.Transport transport = switch (String.valueOf(c.get("transport"))) {
                case "slack" -> Endpoint.Transport.SLACK;
                case "webhook" -> Endpoint.Transport.WEBHOOK;
                default -> throw new OtaException.BadInput(where + ".transport must be slack or webhook");
            };
            Secret url;
            if (c.containsKey("urlEnv") == c.containsKey("urlFile")) {
                throw new OtaException.BadInput(where + ": give exactly one of urlEnv (an environment variable) or "
                        + "urlFile (a file) holding the webhook URL; the URL itself never goes in this file");
            } else if (c.containsKey("urlEnv")) {
                url = Secret.fromEnv(env, String.valueOf(c.get("urlEnv")));
            } else {
                url = Secret.fromFile(base.resolve(String.valueOf(c.get("urlFile"))));
            }
            try {
                endpoints.put(ch, new Endpoint(ch, transport, url));
            } catch (OtaException.BadInput bad) {
                throw new OtaException.BadInput(doc + ": " + bad.getMessage());
            }
        }
        Map<EventType, List<Channel>> routes = defaultRoutes();
        if (top.containsKey("routes")) {
            for (var e : map(top.get("routes"), doc + ": routes").entrySet()) {
                EventType t = EventType.parse(e.getKey(), doc + ": routes key");
                if (!(e.getValue() instanceof List<?> list)) {
                    throw new OtaException.BadInput(doc + ": routes." + e.getKey() + " must be a list of channels");
                }
                List<Channel> to = new ArrayList<>();
                for (Object o : list) {
                    to.add(Channel.parse(String.valueOf(o), doc + ": routes." + e.getKey()));
                }
                routes.put(t, List.copyOf(to));
            }
        }
        Retry retry = Retry.DEFAULT;
        if (top.containsKey("retry")) {
            Map<String, Object> r = map(top.get("retry"), doc + ": retry");
            unknown(r, RETRY_KEYS, doc, "retry.");
            retry = new Retry((int) number(r, "attempts", retry.attempts(), 1, 10, doc),
                    Duration.ofMillis(number(r, "initialDelayMs", retry.initialDelay().toMillis(), 0, 60_000, doc)),
                    Duration.ofMillis(number(r, "maxDelayMs", retry.maxDelay().toMillis(), 0, 300_000, doc)),
                    Duration.ofSeconds(number(r, "timeoutSeconds", retry.timeout().toSeconds(), 1, 120, doc)));
        }
        return new NotifyConfig(endpoints, routes, retry);
    }

    private static long number(Map<String, Object> m, String key, long dflt, long min, long max, String doc) {
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min || ((Number) v).longValue() > max) {
            throw new OtaException.BadInput(doc + ": retry." + key + " must be a whole number from " + min + " to " + max);
        }
        return ((Number) v).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String where) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new OtaException.BadInput(where + " must be a mapping");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static void unknown(Map<String, Object> m, Set<String> known, String doc, String prefix) {
        for (String k : m.keySet()) {
            if (!known.contains(k)) {
                throw new OtaException.BadInput(doc + ": unknown key " + prefix + k + " (expected one of "
                        + new java.util.TreeSet<>(known) + ")");
            }
        }
    }
}
