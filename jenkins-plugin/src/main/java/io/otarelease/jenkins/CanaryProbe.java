package io.otarelease.jenkins;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.CanaryCheck;
import io.otarelease.core.canary.KpiResult;
import io.otarelease.core.canary.MetricSources;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.canary.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code otaCanary}: one canary check of the KPIs against the thresholds. Never throws for FAIL or
 * INSUFFICIENT_DATA (the step decides whether to fail).
 */
public final class CanaryProbe {
    private CanaryProbe() {
    }

    /** The options of one canary check, with the step's defaults applied; {@code step} names it in messages. */
    public record Request(String step, String metrics, String version, String baselineVersion, String window,
                          Long minSessions, int timeoutSeconds) {
    }

    public static Verdict run(Request req, Thresholds thresholds, Clock clock, PrintStream log) {
        if (req.metrics() == null) {
            throw new OtaException.BadInput(req.step() + " needs metrics: set metricsSource on the profile or pass "
                    + "metrics: (prometheus:URL or json:URL)");
        }
        String spec = req.metrics().startsWith("http://") || req.metrics().startsWith("https://")
                ? "prometheus:" + req.metrics() : req.metrics();
        if (req.timeoutSeconds() < 1 || req.timeoutSeconds() > 300) {
            throw new OtaException.BadInput(req.step() + " timeoutSeconds must be between 1 and 300");
        }
        var request = new CanaryCheck.Request(req.version(), req.baselineVersion(),
                req.window() == null ? thresholds.window() : req.window(),
                req.minSessions() == null ? thresholds.minSessions() : req.minSessions());
        Verdict v = new CanaryCheck(MetricSources.parse(spec, Duration.ofSeconds(req.timeoutSeconds())), thresholds,
                clock).check(request);
        v.summary().forEach(line -> log.println(req.step() + ": " + line));
        return v;
    }

    /** What {@code otaCanary} returns. */
    public static Map<String, Object> toMap(Verdict v) {
        Map<String, Object> kpis = new LinkedHashMap<>();
        for (KpiResult r : v.results()) {
            kpis.put(r.kpi().name(), r.value());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("verdict", v.outcome().name());
        m.put("severity", v.severity().label());
        m.put("version", v.version());
        m.put("baselineVersion", v.baselineVersion());
        m.put("window", v.window());
        m.put("sessions", v.sessionCount());
        m.put("kpis", kpis);
        m.put("breaches", new ArrayList<>(v.breaches().stream().map(KpiResult::describe).toList()));
        m.put("warnings", new ArrayList<>(v.warnings().stream().map(KpiResult::describe).toList()));
        return m;
    }

    /** Thresholds YAML read from bytes (Thresholds reads files, so through a private temporary file). */
    public static Thresholds thresholds(byte[] yaml, String what) throws IOException {
        Path tmp = Files.createTempFile("ota-thresholds-", ".yaml");
        try {
            Files.write(tmp, yaml);
            return Thresholds.load(tmp);
        } catch (OtaException.BadInput e) {
            // name what the user wrote, not the temporary copy
            throw new OtaException.BadInput(e.getMessage().replace(tmp.toString(), what), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
