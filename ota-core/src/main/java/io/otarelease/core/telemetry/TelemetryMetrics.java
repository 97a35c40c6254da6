package io.otarelease.core.telemetry;

import io.otarelease.core.canary.CanaryMetrics;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * The collector's metrics (README "Canary metrics"), kept with the Prometheus Java client: every series carries
 * {@code app}, {@code channel} and {@code version} (bounded by {@link TelemetryLabels}) and, where it has one,
 * {@code status}. All series of a label set are created together, and the first exposition that includes them shows
 * them at zero: Prometheus' {@code increase()} ignores a series' first sample, so a version whose 400 downloads all
 * happened between two scrapes would otherwise show no downloads at all.
 *
 * <p>Optionally one more gauge, {@value #SIMULATED_SECONDS}: a simulated fleet's time up to which this exposition's
 * counts are complete (read before the counts; not advanced by an exposition that zeroed a new label set).
 */
public final class TelemetryMetrics {
    /** The simulator's gauge: simulated seconds up to which the exposition's counts are complete. */
    public static final String SIMULATED_SECONDS = "ota_fleet_simulated_seconds";
    /** The collector's own counter of batches by answer ({@code status} = the HTTP status). */
    public static final String BATCHES = "ota_telemetry_batches_total";
    private static final String[] LABELS = {"app", "channel", "version"};
    private static final String[] WITH_STATUS = {"app", "channel", "version", CanaryMetrics.STATUS};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter downloads = counter(CanaryMetrics.DOWNLOADS, "Bundle downloads by outcome (success, failure).", WITH_STATUS);
    private final Histogram downloadSeconds = histogram(CanaryMetrics.DOWNLOAD_DURATION, "Successful download duration.",
            CanaryMetrics.DURATION_BUCKETS);
    private final Histogram installSeconds = histogram(CanaryMetrics.INSTALL_DURATION, "Download complete to new bundle active.",
            CanaryMetrics.DURATION_BUCKETS);
    private final Counter refusals = counter(CanaryMetrics.SIGNATURE_FAILURES, "Pointers, manifests or files a device refused.", LABELS);
    private final Counter sessions = counter(CanaryMetrics.SESSIONS, "App sessions.", LABELS);
    private final Counter crashed = counter(CanaryMetrics.CRASHED_SESSIONS, "Sessions that ended in a crash.", LABELS);
    private final Counter jsErrors = counter(CanaryMetrics.JS_ERROR_SESSIONS, "Sessions with an uncaught JS error.", LABELS);
    private final Histogram loadSeconds = histogram(CanaryMetrics.LOAD_DURATION, "Launch to the page's ready call.",
            CanaryMetrics.DURATION_BUCKETS);
    private final Histogram fcpSeconds = histogram(CanaryMetrics.FIRST_CONTENTFUL_PAINT, "The WebView's First Contentful Paint.",
            CanaryMetrics.DURATION_BUCKETS);
    private final Counter checks = counter(CanaryMetrics.UPDATE_CHECKS, "Update checks by outcome (ok, none, failed).", WITH_STATUS);
    private final Counter apiRequests = counter(CanaryMetrics.API_REQUESTS, "Calls to the app's API hosts.", LABELS);
    private final Counter apiErrors = counter(CanaryMetrics.API_ERRORS, "API calls answered 4xx/5xx or failed on the network.", LABELS);
    private final Histogram apiSeconds = histogram(CanaryMetrics.API_DURATION, "API call duration.", CanaryMetrics.API_BUCKETS);
    private final Counter batches = Counter.builder().name(BATCHES).help("Telemetry batches by the collector's answer.")
            .labelNames(CanaryMetrics.STATUS).register(registry);
    private final ActiveInstalls active;
    private final Set<TelemetryLabels.Bounded> seen = ConcurrentHashMap.newKeySet();
    private final Set<TelemetryLabels.Bounded> exposed = new HashSet<>();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private volatile DoubleSupplier simulatedSeconds;
    private double complete;

    TelemetryMetrics(ActiveInstalls active) {
        this.active = active;
        GaugeWithCallback.builder().name(CanaryMetrics.ACTIVE_VERSION)
                .help("Installs whose latest report ran the version (heard from within the collector's --active-ttl).")
                .labelNames(LABELS).callback(cb -> active.counts().forEach((l, n) -> cb.call(n, l.app(), l.channel(),
                        l.version()))).register(registry);
    }

    /** Adds {@value #SIMULATED_SECONDS} to the exposition: a simulated fleet's clock, which never runs ahead of its counts. */
    public void simulatedSeconds(DoubleSupplier clock) {
        this.simulatedSeconds = clock;
    }

    private Counter counter(String name, String help, String[] labels) {
        return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    private Histogram histogram(String name, String help, List<Double> bounds) {
        return Histogram.builder().name(name).help(help).labelNames(LABELS).classicOnly()
                .classicUpperBounds(bounds.stream().mapToDouble(Double::doubleValue).toArray()).withoutExemplars()
                .register(registry);
    }

    void answered(int status) {
        batches.labelValues(Integer.toString(status)).inc();
    }

    /** Counts one valid batch, each event under its bounded labels. */
    void record(TelemetryBatch batch, TelemetryLabels labels) {
        Map<String, TelemetryLabels.Bounded> byVersion = new java.util.HashMap<>();
        TelemetryBatch.Event running = null;
        for (TelemetryBatch.Event e : batch.events()) {
            TelemetryLabels.Bounded l = byVersion.computeIfAbsent(e.version(),
                    v -> create(labels.of(batch.app(), batch.channel(), v)));
            String a = l.app();
            String c = l.channel();
            String v = l.version();
            if (e instanceof TelemetryBatch.Session s) {
                sessions.labelValues(a, c, v).inc();
                if (s.crashed()) {
                    crashed.labelValues(a, c, v).inc();
                }
                if (s.jsErrors() > 0) {
                    jsErrors.labelValues(a, c, v).inc();
                }
            } else if (e instanceof TelemetryBatch.Ready r) {
                loadSeconds.labelValues(a, c, v).observe(r.ttiSeconds());
                if (r.fcpSeconds() != null) {
                    fcpSeconds.labelValues(a, c, v).observe(r.fcpSeconds());
                }
            } else if (e instanceof TelemetryBatch.UpdateCheck u) {
                checks.labelValues(a, c, v, u.outcome()).inc();
            } else if (e instanceof TelemetryBatch.Download d) {
                downloads.labelValues(a, c, v, d.ok() ? CanaryMetrics.SUCCESS : CanaryMetrics.FAILURE).inc();
                if (d.ok()) {
                    downloadSeconds.labelValues(a, c, v).observe(d.seconds());
                }
            } else if (e instanceof TelemetryBatch.Install i) {
                installSeconds.labelValues(a, c, v).observe(i.seconds());
            } else if (e instanceof TelemetryBatch.Refused) {
                refusals.labelValues(a, c, v).inc();
            } else if (e instanceof TelemetryBatch.Api api) {
                apiRequests.labelValues(a, c, v).inc();
                if (api.failed()) {
                    apiErrors.labelValues(a, c, v).inc();
                }
                apiSeconds.labelValues(a, c, v).observe(api.seconds());
            }
            boolean runs = !(e instanceof TelemetryBatch.Download || e instanceof TelemetryBatch.Install
                    || e instanceof TelemetryBatch.Refused);
            if (runs && (running == null || !e.at().isBefore(running.at()))) {
                running = e;
            }
        }
        if (running != null) {
            active.saw(batch.installId(), byVersion.get(running.version()), running.at());
        }
    }

    /**
     * The first time a label set is seen, every series of it is created (at zero) so they are exposed together; under
     * the render lock, so no exposition sees half of them.
     */
    private TelemetryLabels.Bounded create(TelemetryLabels.Bounded l) {
        if (seen.contains(l)) {
            return l;
        }
        synchronized (this) {
            if (!seen.add(l)) {
                return l;
            }
            String a = l.app();
            String c = l.channel();
            String v = l.version();
            for (Counter counter : List.of(refusals, sessions, crashed, jsErrors, apiRequests, apiErrors)) {
                counter.labelValues(a, c, v);
            }
            downloads.labelValues(a, c, v, CanaryMetrics.SUCCESS);
            downloads.labelValues(a, c, v, CanaryMetrics.FAILURE);
            for (String outcome : List.of("ok", "none", "failed")) {
                checks.labelValues(a, c, v, outcome);
            }
            for (Histogram h : List.of(downloadSeconds, installSeconds, loadSeconds, fcpSeconds, apiSeconds)) {
                h.labelValues(a, c, v);
            }
        }
        return l;
    }

    /** The sum of a counter's series for one version, over apps, channels and statuses (for tests and summaries). */
    public double total(String metric, String version) {
        double sum = 0;
        for (MetricSnapshot s : registry.scrape(n -> n.equals(metric) || (n + "_total").equals(metric))) {
            if (s instanceof CounterSnapshot c) {
                for (CounterSnapshot.CounterDataPointSnapshot p : c.getDataPoints()) {
                    if (version.equals(p.getLabels().get("version"))) {
                        sum += p.getValue();
                    }
                }
            }
        }
        return sum;
    }

    /** The exposition text served on {@code /metrics} (Prometheus text format 0.0.4). */
    public synchronized byte[] render() {
        DoubleSupplier clock = simulatedSeconds;
        double now = clock == null ? 0 : clock.getAsDouble(); // before the counts: they are at least this complete
        List<MetricSnapshot> out = new ArrayList<>();
        Set<TelemetryLabels.Bounded> fresh = new HashSet<>();
        for (MetricSnapshot s : registry.scrape()) {
            out.add(zeroFresh(s, fresh));
        }
        exposed.addAll(fresh);
        if (clock != null) {
            if (fresh.isEmpty()) {
                complete = now;
            }
            out.add(GaugeSnapshot.builder().name(SIMULATED_SECONDS)
                    .help("Simulated time up to which this exposition's counts are complete.")
                    .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(complete).build()).build());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 * 1024);
        try {
            writer.write(bytes, new MetricSnapshots(out), EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public String contentType() {
        return writer.getContentType();
    }

    private MetricSnapshot zeroFresh(MetricSnapshot s, Set<TelemetryLabels.Bounded> fresh) {
        if (s instanceof CounterSnapshot c) {
            List<CounterSnapshot.CounterDataPointSnapshot> points = new ArrayList<>();
            for (CounterSnapshot.CounterDataPointSnapshot p : c.getDataPoints()) {
                points.add(isFresh(p.getLabels(), fresh)
                        ? CounterSnapshot.CounterDataPointSnapshot.builder().labels(p.getLabels()).value(0).build() : p);
            }
            return new CounterSnapshot(c.getMetadata(), points);
        }
        if (s instanceof HistogramSnapshot h) {
            List<HistogramSnapshot.HistogramDataPointSnapshot> points = new ArrayList<>();
            for (HistogramSnapshot.HistogramDataPointSnapshot p : h.getDataPoints()) {
                if (!isFresh(p.getLabels(), fresh)) {
                    points.add(p);
                    continue;
                }
                ClassicHistogramBuckets b = p.getClassicBuckets();
                double[] bounds = new double[b.size()];
                long[] zeros = new long[b.size()];
                for (int i = 0; i < b.size(); i++) {
                    bounds[i] = b.getUpperBound(i);
                }
                points.add(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(p.getLabels())
                        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, zeros)).sum(0).build());
            }
            return new HistogramSnapshot(h.getMetadata(), points);
        }
        return s;
    }

    private boolean isFresh(Labels labels, Set<TelemetryLabels.Bounded> fresh) {
        String v = labels.get("version");
        if (v == null) {
            return false; // the collector's own counters
        }
        TelemetryLabels.Bounded l = new TelemetryLabels.Bounded(labels.get("app"), labels.get("channel"), v);
        if (exposed.contains(l)) {
            return false;
        }
        fresh.add(l);
        return true;
    }
}
