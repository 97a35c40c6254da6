package io.otarelease.core.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.otarelease.core.OtaException;
import io.otarelease.core.testing.PrometheusServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON monitoring API source against a small HTTP server on loopback, as the seed's canary script uses one. */
class JsonApiSourceTest {
    static HttpServer server;
    static final Map<String, String> ANSWERS = new ConcurrentHashMap<>();
    static final List<String> REQUESTS = new CopyOnWriteArrayList<>();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-29T15:00:00Z"), ZoneOffset.UTC);

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/", exchange -> {
            REQUESTS.add(exchange.getRequestURI().toString());
            String path = exchange.getRequestURI().getPath().substring("/api/".length());
            String answer = ANSWERS.get(path);
            byte[] body = (answer == null ? "{\"error\":\"no such metric\"}" : answer).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @BeforeEach
    void healthy() {
        ANSWERS.clear();
        REQUESTS.clear();
        ANSWERS.put("sessions", "{\"value\": 25000}");
        ANSWERS.put("crash-free-sessions", "99.8");
        ANSWERS.put("js-error-rate", "{\"value\": \"0.12\"}");
        ANSWERS.put("p95-load-time", "{\"value\": 2.1}");
        ANSWERS.put("download-success-rate", "99.6");
        ANSWERS.put("p95-download-time", "3");
        ANSWERS.put("p95-install-time", "1.2e0");
        ANSWERS.put("signature-failures", "0");
        ANSWERS.put("api-error-rate", "1.1");
        ANSWERS.put("update-check-failure-rate", "0.4");
        ANSWERS.put("p95-first-contentful-paint", "1.1");
        ANSWERS.put("p95-api-latency", "0.3");
    }

    static Verdict check(String version) {
        var source = new JsonApiSource(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api"),
                Duration.ofSeconds(5));
        return new CanaryCheck(source, Thresholds.defaults(), CLOCK).check(new CanaryCheck.Request(version, null, "1h", 500));
    }

    @Test
    void readsEveryKpiInTheSeedsUrlShapeAndPasses() {
        Verdict v = check("3.4.1");
        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.PASS);
        assertThat(v.sessions()).isEqualTo(25000.0);
        assertThat(REQUESTS).contains("/api/crash-free-sessions?version=3.4.1&window=1h", "/api/p95-load-time?version=3.4.1&window=1h");
        assertThat(v.metrics()).startsWith("json:http://127.0.0.1:");
    }

    @Test
    void aThreePercentCrashRateFailsAsSev1() {
        ANSWERS.put("crash-free-sessions", "{\"value\": 97.0}");
        Verdict v = check("3.4.1");
        assertThat(v.outcome()).isEqualTo(Verdict.Outcome.FAIL);
        assertThat(v.severity()).isEqualTo(Severity.SEV_1);
    }

    @Test
    void sessionsArePrintedAsTheCountTheyAreRoundedDown() {
        ANSWERS.put("sessions", "8866.62"); // what Prometheus's increase() extrapolates to
        Verdict v = check("3.4.1");
        assertThat(v.summary().get(0)).isEqualTo("canary 3.4.1: PASS, 8866 sessions in 1h");
        assertThat(new String(v.toCanonicalJson(), StandardCharsets.UTF_8)).contains("\"sessions\":8866,");
        ANSWERS.put("sessions", "499.6");
        Verdict few = check("3.4.1");
        assertThat(few.outcome()).isEqualTo(Verdict.Outcome.INSUFFICIENT_DATA);
        assertThat(few.summary()).startsWith("canary 3.4.1: INSUFFICIENT_DATA, 499 sessions in 1h",
                "  fewer than 500 sessions: not enough data to judge; do not promote yet");
    }

    @Test
    void tooFewSessionsIsInsufficientData() {
        ANSWERS.put("sessions", "12");
        assertThat(check("3.4.1").outcome()).isEqualTo(Verdict.Outcome.INSUFFICIENT_DATA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html>502 Bad Gateway</html>", "", "null", "{\"value\": null}", "{\"rate\": 0.1}",
        "\"n/a\"", "[99.8]", "true", "{\"value\": \"NaN\"}", "99.8 %"})
    void anAnswerThatIsNotOneNumberIsAnInfrastructureError(String answer) {
        ANSWERS.put("crash-free-sessions", answer);
        assertThatThrownBy(() -> check("3.4.1")).isInstanceOf(OtaException.Infrastructure.class)
                .hasMessageContaining("KPI crash_free_sessions of version 3.4.1");
    }

    @Test
    void anErrorStatusIsAnInfrastructureError() {
        ANSWERS.remove("p95-install-time");
        assertThatThrownBy(() -> check("3.4.1")).isInstanceOf(OtaException.Infrastructure.class)
                .hasMessageContaining("p95-install-time").hasMessageContaining("HTTP 404");
    }

    @Test
    void anUnreachableApiIsAnInfrastructureError() throws Exception {
        var source = new JsonApiSource(URI.create("http://127.0.0.1:" + PrometheusServer.freePort() + "/api"),
                Duration.ofSeconds(2));
        assertThatThrownBy(() -> new CanaryCheck(source, Thresholds.defaults(), CLOCK)
                .check(new CanaryCheck.Request("3.4.1", null, "1h", 500)))
                .isInstanceOf(OtaException.Infrastructure.class).hasMessageContaining("unreachable");
    }

    @Test
    void passwordsInTheUrlAreNeverShown() {
        var source = new JsonApiSource(URI.create("http://ops:s3cret@127.0.0.1:" + server.getAddress().getPort() + "/api"),
                Duration.ofSeconds(5));
        assertThat(source.describe()).doesNotContain("s3cret").contains("***@127.0.0.1");
        ANSWERS.put("sessions", "<html>");
        assertThatThrownBy(() -> new CanaryCheck(source, Thresholds.defaults(), CLOCK)
                .check(new CanaryCheck.Request("3.4.1", null, "1h", 500)))
                .isInstanceOf(OtaException.Infrastructure.class).message().doesNotContain("s3cret");
    }
}
