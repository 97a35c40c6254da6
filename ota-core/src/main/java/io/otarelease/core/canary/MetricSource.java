package io.otarelease.core.canary;

import java.time.Instant;

/**
 * Where a canary reads its KPIs: Prometheus ({@link PrometheusSource}) or a plain JSON monitoring API
 * ({@link JsonApiSource}). Implementations return one finite number or throw
 * {@link io.otarelease.core.OtaException.Infrastructure}: an unreachable server, an error answer, an empty result,
 * NaN or anything unparsable is never turned into a value, so a broken metrics pipeline can never pass a canary.
 */
public interface MetricSource {
    /**
     * The value of {@code kpi} for {@code version} over the {@code window} (a PromQL duration such as {@code 1h})
     * ending at {@code at}.
     */
    double value(Kpi kpi, String version, String window, Instant at);

    /** What to show a person: the kind and URL, never credentials. */
    String describe();
}
