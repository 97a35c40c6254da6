package io.otarelease.core.canary;

import io.otarelease.client.json.JsonException;
import io.otarelease.client.json.JsonReader;
import io.otarelease.core.OtaException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small client of the Prometheus HTTP API ({@code /api/v1/query} and {@code /api/v1/query_range}). Every
 * failure — connection refused, timeout, an HTTP or PromQL error, a malformed answer — is an
 * {@link OtaException.Infrastructure} naming the query, so the caller never mistakes silence for a value.
 */
public final class PrometheusClient {
    /** One point of a series: seconds since the epoch and the sample value (NaN and infinities kept as such). */
    public record Sample(double time, double value) {
    }

    /** One series of an answer: its labels and its samples (one for an instant query). */
    public record Series(Map<String, Object> labels, List<Sample> samples) {
    }

    private static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    public PrometheusClient(URI base, Duration timeout) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public URI base() {
        return base;
    }

    /** The URL as messages show it: user information (a password) is never printed. */
    public String shown() {
        return shown(base);
    }

    static String shown(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri.toString();
        }
        return uri.getScheme() + "://***@" + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1)
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /** An instant query evaluated at {@code at}: a vector (one entry per series) or a scalar (one unlabeled series). */
    public List<Series> query(String promql, Instant at) {
        return call("api/v1/query", "query=" + enc(promql) + "&time=" + seconds(at), promql);
    }

    /** A range query from {@code start} to {@code end} every {@code step}: a matrix. */
    public List<Series> queryRange(String promql, Instant start, Instant end, Duration step) {
        return call("api/v1/query_range", "query=" + enc(promql) + "&start=" + seconds(start) + "&end=" + seconds(end)
                + "&step=" + step.toSeconds(), promql);
    }

    private List<Series> call(String path, String form, String promql) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new OtaException.Infrastructure("Prometheus at " + shown() + " is unreachable: " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OtaException.Infrastructure("interrupted while querying Prometheus at " + shown(), e);
        }
        return parse(response.statusCode(), response.body(), promql);
    }

    /** Reads an answer; package-visible so malformed answers can be tested byte for byte. */
    List<Series> parse(int status, byte[] body, String promql) {
        String what = "Prometheus at " + shown() + " for query " + promql;
        if (body.length > MAX_ANSWER_BYTES) {
            throw new OtaException.Infrastructure(what + ": answer larger than " + MAX_ANSWER_BYTES + " bytes");
        }
        Map<String, Object> doc;
        try {
            Object parsed = JsonReader.parseWithDecimals(body);
            if (!(parsed instanceof Map)) {
                throw new JsonException("not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) parsed;
            doc = m;
        } catch (JsonException e) {
            throw new OtaException.Infrastructure(what + ": HTTP " + status + " with an answer that is not the API's JSON ("
                    + e.getMessage() + ")");
        }
        if (!"success".equals(doc.get("status"))) {
            throw new OtaException.Infrastructure(what + ": " + doc.get("errorType") + ": " + doc.get("error")
                    + " (HTTP " + status + ")");
        }
        try {
            Map<?, ?> data = (Map<?, ?>) doc.get("data");
            String type = (String) data.get("resultType");
            Object result = data.get("result");
            List<Series> out = new ArrayList<>();
            switch (type) {
                case "scalar" -> out.add(new Series(Map.of(), List.of(sample((List<?>) result))));
                case "vector" -> {
                    for (Object o : (List<?>) result) {
                        Map<?, ?> s = (Map<?, ?>) o;
                        out.add(new Series(labels(s), List.of(sample((List<?>) s.get("value")))));
                    }
                }
                case "matrix" -> {
                    for (Object o : (List<?>) result) {
                        Map<?, ?> s = (Map<?, ?>) o;
                        List<Sample> samples = new ArrayList<>();
                        for (Object v : (List<?>) s.get("values")) {
                            samples.add(sample((List<?>) v));
                        }
                        out.add(new Series(labels(s), samples));
                    }
                }
                default -> throw new IllegalArgumentException("unexpected resultType " + type);
            }
            return out;
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new OtaException.Infrastructure(what + ": malformed answer (" + e.getMessage() + ")");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> labels(Map<?, ?> series) {
        Object m = series.get("metric");
        return m == null ? Map.of() : (Map<String, Object>) m;
    }

    /** A {@code [time, "value"]} pair: Prometheus sends the value as a string so NaN and +Inf survive JSON. */
    private static Sample sample(List<?> pair) {
        if (pair.size() != 2 || !(pair.get(1) instanceof String v)) {
            throw new IllegalArgumentException("a sample must be [time, \"value\"]");
        }
        double time = pair.get(0) instanceof BigDecimal d ? d.doubleValue() : ((Long) pair.get(0)).doubleValue();
        return new Sample(time, sampleValue(v));
    }

    static double sampleValue(String v) {
        return switch (v) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                if (!v.matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
                    throw new IllegalArgumentException("sample value '" + v + "' is not a number");
                }
                yield Double.parseDouble(v);
            }
        };
    }

    private static String seconds(Instant t) {
        return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3).toPlainString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }
}
