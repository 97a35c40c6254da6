package io.otarelease.core.canary;

import io.otarelease.core.OtaException;
import java.time.Instant;
import java.util.List;

/**
 * KPIs from Prometheus: each KPI's PromQL template with {@code $version} (escaped as a label value) and
 * {@code $window} filled in, evaluated as an instant query. Exactly one finite sample is a value; an empty vector,
 * several series, NaN or an infinity is an infrastructure error naming the KPI and the query.
 */
public final class PrometheusSource implements MetricSource {
    private final PrometheusClient client;

    public PrometheusSource(PrometheusClient client) {
        this.client = client;
    }

    public PrometheusClient client() {
        return client;
    }

    @Override
    public double value(Kpi kpi, String version, String window, Instant at) {
        String promql = render(kpi.prometheus(), version, window);
        List<PrometheusClient.Series> result;
        try {
            result = client.query(promql, at);
        } catch (OtaException.Infrastructure e) {
            throw new OtaException.Infrastructure("KPI " + kpi.name() + " of version " + version + ": " + e.getMessage(), e);
        }
        String what = "KPI " + kpi.name() + " of version " + version + " (query " + promql + ") from Prometheus at "
                + client.shown();
        if (result.isEmpty()) {
            throw new OtaException.Infrastructure(what + " returned no data: an empty answer is never read as a pass; "
                    + "check that the metric is scraped, or write the template with 'or vector(0)' where absence means zero");
        }
        if (result.size() > 1) {
            throw new OtaException.Infrastructure(what + " returned " + result.size()
                    + " series where one value is needed: aggregate it with sum(...)");
        }
        double v = result.get(0).samples().get(0).value();
        if (!Double.isFinite(v)) {
            throw new OtaException.Infrastructure(what + " returned " + v + " (no samples in the window, or a division by zero)");
        }
        return v;
    }

    /** Fills a template. The version is escaped for a double-quoted PromQL string so it cannot change the query. */
    public static String render(String template, String version, String window) {
        String escaped = version.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        return template.replace("$version", escaped).replace("$window", window);
    }

    @Override
    public String describe() {
        return "prometheus:" + client.shown();
    }
}
