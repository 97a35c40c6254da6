package io.otarelease.core.fleet;

import io.otarelease.core.canary.CanaryMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * What a fleet reports, per bundle version, rendered in the Prometheus text format (0.0.4) with exactly the names of
 * {@link CanaryMetrics}. The first exposition that includes a version shows all its counters and histograms at zero:
 * Prometheus' {@code increase()} ignores a series' first sample, so a version whose 400 downloads all happened
 * between two scrapes would otherwise show no downloads at all (and a download success rate of 0/0).
 *
 * <p>One more gauge, the simulator's own: {@value #SIMULATED_SECONDS}, the simulated time up to which the exposition's
 * counts are complete. A test or the demo advances the fleet, then waits until Prometheus holds that value: from then
 * on Prometheus has every session of the step (an exposition that shows a new version at zero repeats the previous
 * value, so the wait also covers the scrape after it).
 */
public final class FleetMetrics {
    private static final PerVersion ZERO = new PerVersion();
    private final Map<String, PerVersion> versions = new ConcurrentHashMap<>();
    /** The simulator's gauge: simulated seconds up to which the exposition's counts are complete. */
    public static final String SIMULATED_SECONDS = "ota_fleet_simulated_seconds";
    private final Supplier<Map<String, Integer>> active;
    private final DoubleSupplier simulatedSeconds;
    private double complete;

    /**
     * @param active devices per running version, read at each scrape
     * @param simulatedSeconds the fleet's simulated clock, which must not move ahead of the counts it covers
     */
    public FleetMetrics(Supplier<Map<String, Integer>> active, DoubleSupplier simulatedSeconds) {
        this.active = active;
        this.simulatedSeconds = simulatedSeconds;
    }

    /** The counters of one version. */
    public static final class PerVersion {
        volatile boolean exposed;
        final LongAdder sessions = new LongAdder();
        final LongAdder crashed = new LongAdder();
        final LongAdder jsErrors = new LongAdder();
        final LongAdder apiRequests = new LongAdder();
        final LongAdder apiErrors = new LongAdder();
        final LongAdder signatureFailures = new LongAdder();
        final LongAdder downloadsOk = new LongAdder();
        final LongAdder downloadsFailed = new LongAdder();
        final Histogram downloadSeconds = new Histogram();
        final Histogram installSeconds = new Histogram();
        final Histogram loadSeconds = new Histogram();

        public long sessions() {
            return sessions.sum();
        }

        public long crashed() {
            return crashed.sum();
        }
    }

    /** A cumulative histogram over {@link CanaryMetrics#DURATION_BUCKETS}. */
    static final class Histogram {
        final LongAdder[] buckets = new LongAdder[CanaryMetrics.DURATION_BUCKETS.size()];
        final LongAdder count = new LongAdder();
        final DoubleAdder sum = new DoubleAdder();

        Histogram() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            for (int i = 0; i < buckets.length; i++) {
                if (seconds <= CanaryMetrics.DURATION_BUCKETS.get(i)) {
                    buckets[i].increment();
                }
            }
            count.increment();
            sum.add(seconds);
        }
    }

    public PerVersion of(String version) {
        return versions.computeIfAbsent(version, v -> new PerVersion());
    }

    public void session(String version, boolean crashed, boolean jsError, int apiRequests, int apiErrors,
                        double loadSeconds) {
        PerVersion p = of(version);
        p.sessions.increment();
        if (crashed) {
            p.crashed.increment();
        }
        if (jsError) {
            p.jsErrors.increment();
        }
        p.apiRequests.add(apiRequests);
        p.apiErrors.add(apiErrors);
        p.loadSeconds.observe(loadSeconds);
    }

    public void download(String version, boolean success, Duration took) {
        PerVersion p = of(version);
        (success ? p.downloadsOk : p.downloadsFailed).increment();
        if (success) {
            p.downloadSeconds.observe(seconds(took));
        }
    }

    public void install(String version, Duration took) {
        of(version).installSeconds.observe(seconds(took));
    }

    public void signatureFailure(String version) {
        of(version).signatureFailures.increment();
    }

    /** The exposition text served on {@code /metrics}. */
    public synchronized String render() {
        double now = simulatedSeconds.getAsDouble(); // read before the counts: they are at least this complete
        boolean zeroed = false;
        Map<String, PerVersion> sorted = new TreeMap<>();
        for (Map.Entry<String, PerVersion> e : versions.entrySet()) {
            PerVersion p = e.getValue();
            if (p.exposed) {
                sorted.put(e.getKey(), p);
            } else {
                p.exposed = true;
                zeroed = true;
                sorted.put(e.getKey(), ZERO); // exposed at zero once; the real counts from the next scrape on
            }
        }
        if (!zeroed) {
            complete = now;
        }
        Map<String, Integer> running = new TreeMap<>(active.get());
        StringBuilder b = new StringBuilder(16 * 1024);
        header(b, CanaryMetrics.ACTIVE_VERSION, "gauge", "Devices currently running the version.");
        for (String v : sorted.keySet()) {
            running.putIfAbsent(v, 0);
        }
        running.forEach((v, n) -> line(b, CanaryMetrics.ACTIVE_VERSION, label(v), n));
        header(b, CanaryMetrics.DOWNLOADS, "counter", "Bundle downloads by outcome.");
        sorted.forEach((v, p) -> {
            line(b, CanaryMetrics.DOWNLOADS, label(v) + ",status=\"success\"", p.downloadsOk.sum());
            line(b, CanaryMetrics.DOWNLOADS, label(v) + ",status=\"failure\"", p.downloadsFailed.sum());
        });
        histogram(b, CanaryMetrics.DOWNLOAD_DURATION, "Download duration (manifest and missing blobs).", sorted, p -> p.downloadSeconds);
        histogram(b, CanaryMetrics.INSTALL_DURATION, "Download complete to bundle verified and staged.", sorted, p -> p.installSeconds);
        counter(b, CanaryMetrics.SIGNATURE_FAILURES, "Pointers or manifests a device refused.", sorted, p -> p.signatureFailures);
        counter(b, CanaryMetrics.SESSIONS, "App sessions started.", sorted, p -> p.sessions);
        counter(b, CanaryMetrics.CRASHED_SESSIONS, "Sessions that ended in a crash.", sorted, p -> p.crashed);
        counter(b, CanaryMetrics.JS_ERROR_SESSIONS, "Sessions with an uncaught JS error.", sorted, p -> p.jsErrors);
        histogram(b, CanaryMetrics.LOAD_DURATION, "Launch to the page's ready call.", sorted, p -> p.loadSeconds);
        counter(b, CanaryMetrics.API_REQUESTS, "Backend API calls.", sorted, p -> p.apiRequests);
        counter(b, CanaryMetrics.API_ERRORS, "Backend API calls answered 4xx/5xx.", sorted, p -> p.apiErrors);
        header(b, SIMULATED_SECONDS, "gauge", "Simulated time up to which this exposition's counts are complete.");
        b.append(SIMULATED_SECONDS).append(' ').append(num(complete)).append('\n');
        return b.toString();
    }

    private static void counter(StringBuilder b, String name, String help, Map<String, PerVersion> sorted,
                                java.util.function.Function<PerVersion, LongAdder> f) {
        header(b, name, "counter", help);
        sorted.forEach((v, p) -> line(b, name, label(v), f.apply(p).sum()));
    }

    private static void histogram(StringBuilder b, String name, String help, Map<String, PerVersion> sorted,
                                  java.util.function.Function<PerVersion, Histogram> f) {
        header(b, name, "histogram", help);
        List<Double> bounds = CanaryMetrics.DURATION_BUCKETS;
        sorted.forEach((v, p) -> {
            Histogram h = f.apply(p);
            long count = h.count.sum(); // read first: buckets never exceed it in the output
            for (int i = 0; i < bounds.size(); i++) {
                line(b, name + "_bucket", label(v) + ",le=\"" + num(bounds.get(i)) + "\"",
                        Math.min(count, h.buckets[i].sum()));
            }
            line(b, name + "_bucket", label(v) + ",le=\"+Inf\"", count);
            b.append(name).append("_sum{").append(label(v)).append("} ").append(num(h.sum.sum())).append('\n');
            line(b, name + "_count", label(v), count);
        });
    }

    private static void header(StringBuilder b, String name, String type, String help) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void line(StringBuilder b, String name, String labels, long value) {
        b.append(name).append('{').append(labels).append("} ").append(value).append('\n');
    }

    /** Label values are escaped as the text format requires, though versions are plain already. */
    static String label(String version) {
        return CanaryMetrics.VERSION + "=\"" + version.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                + "\"";
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
