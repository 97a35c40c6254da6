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
import java.util.Map;

/**
 * KPIs from a plain JSON monitoring API, as the operations guide's canary script reads them:
 * {@code GET <base>/<kpi path>?version=V&window=1h}. The answer must be JSON holding one number: a bare number
 * ({@code 0.42}), a decimal string ({@code "0.42"}) or an object with such a {@code value}
 * ({@code {"value": 0.42}}). Anything else — HTML, an empty body, null, a non-2xx status — is an infrastructure
 * error, never a value.
 */
public final class JsonApiSource implements MetricSource {
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    public JsonApiSource(URI base, Duration timeout) {
        String s = base.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public double value(Kpi kpi, String version, String window, Instant at) {
        URI uri = base.resolve(kpi.json() + "?version=" + URLEncoder.encode(version, StandardCharsets.UTF_8)
                + "&window=" + URLEncoder.encode(window, StandardCharsets.UTF_8));
        String what = "KPI " + kpi.name() + " of version " + version + " from " + PrometheusClient.shown(uri);
        HttpResponse<byte[]> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET()
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new OtaException.Infrastructure(what + ": monitoring API unreachable: " + PrometheusClient.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OtaException.Infrastructure(what + ": interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new OtaException.Infrastructure(what + ": HTTP " + response.statusCode());
        }
        return parseValue(response.body(), what);
    }

    /** Reads one number out of an answer; package-visible for tests of malformed answers. */
    static double parseValue(byte[] body, String what) {
        if (body.length > MAX_ANSWER_BYTES) {
            throw new OtaException.Infrastructure(what + ": answer larger than " + MAX_ANSWER_BYTES + " bytes");
        }
        Object doc;
        try {
            doc = JsonReader.parseWithDecimals(body);
        } catch (JsonException e) {
            throw new OtaException.Infrastructure(what + ": the answer is not JSON (" + e.getMessage() + ")");
        }
        if (doc instanceof Map<?, ?> m) {
            if (!m.containsKey("value")) {
                throw new OtaException.Infrastructure(what + ": the answer has no \"value\" field");
            }
            doc = m.get("value");
        }
        double v;
        if (doc instanceof Long l) {
            v = l;
        } else if (doc instanceof BigDecimal d) {
            v = d.doubleValue();
        } else if (doc instanceof String s && s.strip().matches("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?")) {
            v = Double.parseDouble(s.strip());
        } else {
            throw new OtaException.Infrastructure(what + ": the answer holds " + (doc == null ? "null" : "'" + doc + "'")
                    + " where a number is needed");
        }
        if (!Double.isFinite(v)) {
            throw new OtaException.Infrastructure(what + ": the value is out of range");
        }
        return v;
    }

    @Override
    public String describe() {
        return "json:" + PrometheusClient.shown(base);
    }
}
