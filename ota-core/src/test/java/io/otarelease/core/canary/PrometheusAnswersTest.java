package io.otarelease.core.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Answers a real Prometheus does not give on demand (proxies, truncation, future versions): byte for byte. */
class PrometheusAnswersTest {
    final PrometheusClient client = new PrometheusClient(URI.create("http://127.0.0.1:9/"), Duration.ofSeconds(1));

    @Test
    void scalarsVectorsAndMatricesAreRead() {
        assertThat(parse("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1700000000.5,\"42.25\"]}}"))
                .singleElement().satisfies(s -> assertThat(s.samples().get(0).value()).isEqualTo(42.25));
        var m = parse("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{\"version\":\"1\"},"
                + "\"values\":[[1700000000,\"1\"],[1700000060,\"NaN\"],[1700000120,\"+Inf\"]]}]}}");
        assertThat(m.get(0).labels()).containsEntry("version", "1");
        assertThat(m.get(0).samples()).extracting(PrometheusClient.Sample::value)
                .containsExactly(1.0, Double.NaN, Double.POSITIVE_INFINITY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"<html>Bad Gateway</html>", "", "{\"status\":\"success\"}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1,\"x\"]}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,2]}]}}",
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\"0x10\"]}]}}",
        "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out\"}",
        "{\"status\":\"success\",\"status\":\"success\",\"data\":{}}"})
    void anythingElseIsAnInfrastructureError(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(OtaException.Infrastructure.class)
                .hasMessageContaining("for query up");
    }

    private java.util.List<PrometheusClient.Series> parse(String body) {
        return client.parse(200, body.getBytes(StandardCharsets.UTF_8), "up");
    }
}
