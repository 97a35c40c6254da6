package io.otarelease.core.canary;

import io.otarelease.core.OtaException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/** Builds a metric source from its command-line form: {@code prometheus:URL} or {@code json:URL}. */
public final class MetricSources {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private MetricSources() {
    }

    public static MetricSource parse(String spec, Duration timeout) {
        if (spec == null) {
            throw new OtaException.BadInput("--metrics is required: prometheus:URL or json:URL");
        }
        if (spec.startsWith("prometheus:")) {
            return new PrometheusSource(new PrometheusClient(url(spec.substring("prometheus:".length())), timeout));
        }
        if (spec.startsWith("json:")) {
            return new JsonApiSource(url(spec.substring("json:".length())), timeout);
        }
        throw new OtaException.BadInput("--metrics must be prometheus:URL or json:URL (an http or https URL)");
    }

    /** The Prometheus client behind a {@code prometheus:URL} spec, for reports that need range queries. */
    public static PrometheusClient prometheus(String spec, Duration timeout) {
        if (spec == null || !spec.startsWith("prometheus:")) {
            throw new OtaException.BadInput("--metrics must be prometheus:URL here (range queries need Prometheus)");
        }
        return new PrometheusClient(url(spec.substring("prometheus:".length())), timeout);
    }

    private static URI url(String s) {
        try {
            URI uri = new URI(s);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new URISyntaxException(s, "not an http(s) URL without query");
            }
            return uri;
        } catch (URISyntaxException e) {
            // the value is not echoed: a URL may carry a password
            throw new OtaException.BadInput("--metrics: the URL must be http://host:port[/path] or https://...", e);
        }
    }
}
