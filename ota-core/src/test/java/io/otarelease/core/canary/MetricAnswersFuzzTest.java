package io.otarelease.core.canary;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.otarelease.core.OtaException;
import io.otarelease.core.testing.FuzzLimits;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;

/**
 * Answers from the metrics systems the canary trusts to decide a rollout: Prometheus' HTTP API and a monitoring
 * JSON API. A broken or hostile answer must be an Infrastructure error (exit 3, retry), never a crash or a number
 * made up. The first byte picks the reader.
 */
class MetricAnswersFuzzTest {
    private static final PrometheusClient PROMETHEUS =
            new PrometheusClient(URI.create("http://127.0.0.1:9/"), Duration.ofSeconds(1));

    @FuzzTest(maxDuration = FuzzLimits.CI)
    void fuzz(byte[] input) {
        fuzzerTestOneInput(input);
    }

    public static void fuzzerTestOneInput(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] answer = Arrays.copyOfRange(input, 1, input.length);
        try {
            if ((input[0] & 1) == 0) {
                PROMETHEUS.parse(200, answer, "sum(rate(x[5m]))");
            } else {
                double v = JsonApiSource.parseValue(answer, "crash rate");
                if (!Double.isFinite(v)) {
                    throw new IllegalStateException("a non-finite value passed: " + v);
                }
            }
        } catch (OtaException.Infrastructure expected) {
            // refused, naming the source
        }
    }
}
