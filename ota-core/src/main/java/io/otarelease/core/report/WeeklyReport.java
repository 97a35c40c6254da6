package io.otarelease.core.report;

import io.otarelease.client.json.JsonReader;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.OtaException;
import io.otarelease.core.canary.Kpi;
import io.otarelease.core.canary.KpiResult;
import io.otarelease.core.canary.MetricSource;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.incident.Incident;
import io.otarelease.core.incident.IncidentStore;
import io.otarelease.core.registry.Registry;
import io.otarelease.core.registry.RegistryDocument;
import io.otarelease.core.registry.ReleaseEntry;
import io.otarelease.core.registry.ReleaseStatus;
import io.otarelease.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operations guide's weekly rollup (releases, delivery health, experience health, adoption, incidents, next
 * week) for the days {@code from} to {@code to} (UTC, inclusive), built from the registry, the audit log, the
 * incident records and the metric source. A source that is missing or fails gives {@code n/a} with the reason.
 */
public final class WeeklyReport {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private final Store store;
    private final String appId;
    private final Registry registry;
    private final MetricSource metrics;
    private final Thresholds thresholds;
    private final Clock clock;

    /** {@code metrics} may be null (health lines are then n/a). */
    public WeeklyReport(Store store, String appId, Registry registry, MetricSource metrics, Thresholds thresholds,
                        Clock clock) {
        this.store = store;
        this.appId = appId;
        this.registry = registry;
        this.metrics = metrics;
        this.thresholds = thresholds;
        this.clock = clock;
    }

    public Rollup build(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new OtaException.BadInput("--until " + to + " is before --since " + from);
        }
        if (ChronoUnit.DAYS.between(from, to) > 92) {
            throw new OtaException.BadInput("--since and --until may be at most 93 days apart");
        }
        Instant start = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Rollup.Builder b = new Rollup.Builder();
        RegistryDocument reg = registry.read();
        int regSrc = b.source(registry.describe() + " (revision " + reg.revision() + ")");
        List<Map<String, Object>> audit = audit(start, end);
        int auditSrc = b.source(store.url() + new StoreLayout(appId).auditPrefix() + " (" + audit.size()
                + " records from " + start + " to " + end + ")");

        b.section("RELEASES");
        List<ReleaseEntry> released = reg.releases().stream().filter(e -> in(e.released(), start, end))
                .sorted(java.util.Comparator.comparing((ReleaseEntry e) -> e.released()).reversed()).toList();
        if (reg.revision() == 0) {
            b.line("n/a: no registry at " + registry.describe(), "", regSrc);
        } else if (released.isEmpty()) {
            b.line("No release this week.", "", regSrc);
        }
        for (ReleaseEntry e : released) {
            b.line("v" + e.version() + " (" + DAY.format(Instant.parse(e.released())) + ") — " + e.status().label()
                    + (e.note() == null ? "" : ": " + e.note()), "", regSrc);
        }
        long promotions = audit.stream().filter(a -> "promote".equals(a.get("action"))).count();
        List<Map<String, Object>> rollbacks = audit.stream().filter(a -> "rollback".equals(a.get("action"))).toList();
        b.line(promotions + " rollout change" + (promotions == 1 ? "" : "s") + ", " + rollbacks.size() + " rollback"
                + (rollbacks.size() == 1 ? "" : "s"), "", auditSrc);
        for (Map<String, Object> r : rollbacks) {
            b.line("rollback " + DAY_TIME.format(Instant.parse((String) r.get("at"))) + ": "
                    + (r.get("quarantined") == null ? "" : r.get("quarantined") + " -> ") + r.get("version")
                    + " (" + r.get("reason") + ")", "", auditSrc);
        }

        String current = reg.withStatus(ReleaseStatus.CURRENT).map(ReleaseEntry::version).orElse(null);
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        String window = days + "d";
        Instant at = end.isAfter(clock.instant()) ? clock.instant().truncatedTo(ChronoUnit.SECONDS) : end;
        b.section("DELIVERY HEALTH" + (current == null ? "" : " (v" + current + ")"));
        kpi(b, "download_success", current, window, at);
        kpi(b, "install_time_p95", current, window, at);
        kpi(b, "signature_failures", current, window, at);
        b.section("EXPERIENCE HEALTH" + (current == null ? "" : " (v" + current + ")"));
        kpi(b, "crash_free_sessions", current, window, at);
        kpi(b, "js_error_rate", current, window, at);

        b.section("ADOPTION");
        b.line("n/a: adoption curves come from Prometheus range queries; run `ota report adoption "
                + (current == null ? "VERSION" : current) + " --metrics prometheus:URL`", "", 0);

        b.section("INCIDENTS");
        List<Incident> incidents = new IncidentStore(store, appId).list().stream()
                .filter(i -> !i.openedAt().isBefore(start) && i.openedAt().isBefore(end)).toList();
        int incSrc = b.source(store.url() + new IncidentStore(store, appId).prefix() + " (" + incidents.size()
                + " opened in range)");
        if (incidents.isEmpty()) {
            b.line("None this week.", "", incSrc);
        }
        for (Incident i : incidents) {
            b.line(i.severity() + " " + i.id() + " (v" + i.version() + ", " + i.status() + "): " + i.summary(), "", incSrc);
        }

        b.section("NEXT WEEK");
        List<ReleaseEntry> staged = reg.releases().stream().filter(e -> e.status() == ReleaseStatus.STAGED).toList();
        if (staged.isEmpty()) {
            b.line("Nothing staged yet.", "", regSrc);
        }
        for (ReleaseEntry e : staged) {
            b.line("v" + e.version() + " staged" + (e.staged() == null ? "" : " " + DAY.format(Instant.parse(e.staged())))
                    + ", not yet released", "", regSrc);
        }
        String subject = "OTA Weekly Rollup — " + appId + " — " + DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH)
                .format(from) + "-" + DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.ENGLISH).format(to);
        return b.build(subject);
    }

    private void kpi(Rollup.Builder b, String name, String version, String window, Instant at) {
        Kpi kpi;
        try {
            kpi = thresholds.kpi(name);
        } catch (IllegalArgumentException e) {
            b.line(name + ": n/a (not in the thresholds)", "", 0);
            return;
        }
        String level = (kpi.breachWhen() == Kpi.Breach.BELOW ? "warning below " : "warning above ")
                + KpiResult.format(kpi.warning()) + unit(kpi);
        if (metrics == null) {
            b.line(kpi.title() + ": n/a (no metric source given; " + level + ")", "", 0);
            return;
        }
        if (version == null) {
            b.line(kpi.title() + ": n/a (no current release in the registry)", "", 0);
            return;
        }
        int src = b.source(metrics.describe() + " KPI " + name + " of " + version + ", window " + window + " ending " + at);
        try {
            double v = metrics.value(kpi, version, window, at);
            String mark = switch (kpi.levelOf(v)) {
                case OK -> "✓";
                case WARNING -> "⚠";
                default -> "✗";
            };
            b.line(kpi.title() + ": " + KpiResult.format(v) + unit(kpi) + " (" + level + ")", mark, src);
        } catch (OtaException e) {
            b.line(kpi.title() + ": n/a (" + e.getMessage() + ")", "", src);
        }
    }

    private static String unit(Kpi k) {
        return k.unit().isEmpty() || k.unit().equals("%") ? k.unit() : " " + k.unit();
    }

    private List<Map<String, Object>> audit(Instant start, Instant end) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String key : store.list(new StoreLayout(appId).auditPrefix())) {
            store.get(key).ifPresent(o -> {
                try {
                    Map<String, Object> m = JsonReader.parseObject(o.bytes());
                    if (m.get("at") instanceof String s && in(s, start, end)) {
                        out.add(m);
                    }
                } catch (RuntimeException e) {
                    throw new OtaException.Infrastructure("audit record " + store.url() + key + " is damaged: " + e.getMessage());
                }
            });
        }
        return out;
    }

    private static boolean in(String instant, Instant start, Instant end) {
        if (instant == null) {
            return false;
        }
        Instant t = Instant.parse(instant);
        return !t.isBefore(start) && t.isBefore(end);
    }
}
