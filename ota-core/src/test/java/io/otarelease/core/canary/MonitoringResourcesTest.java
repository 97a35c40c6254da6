package io.otarelease.core.canary;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.json.JsonReader;
import io.otarelease.core.testing.Processes;
import io.otarelease.core.testing.RealParts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The alert rules and the Grafana dashboard under resources/: valid for promtool, alerts that fire on a crashing
 * version and stay quiet on a healthy or tiny one, the seed's levels, and only the metric names README documents.
 */
class MonitoringResourcesTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path ALERTS = ROOT.resolve("resources/prometheus/ota-alerts.yml");
    static final Path DASHBOARD = ROOT.resolve("resources/grafana/ota-dashboard.json");
    static final Pattern METRIC = Pattern.compile("\\bota_[a-z_]+");

    @TempDir
    Path dir;

    @Test
    void promtoolAcceptsTheRules() {
        RealParts.require(RealParts.onPath("promtool"), "promtool (Debian package prometheus)");
        var r = Processes.run(List.of("promtool", "check", "rules", ALERTS.toString()));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: 22 rules found");
    }

    @Test
    void alertsFireOnACrashingVersionOnlyAndNotOnFewSessions() throws Exception {
        RealParts.require(RealParts.onPath("promtool"), "promtool (Debian package prometheus)");
        Path test = Files.writeString(dir.resolve("ota-alerts-test.yml"), """
                rule_files:
                  - %s
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                      - {series: 'ota_sessions_total{version="2.1.0"}', values: '0+100x90'}
                      - {series: 'ota_crashed_sessions_total{version="2.1.0"}', values: '0+0.2x90'}
                      - {series: 'ota_sessions_total{version="2.2.0"}', values: '0+100x90'}
                      - {series: 'ota_crashed_sessions_total{version="2.2.0"}', values: '0+3x90'}
                      - {series: 'ota_sessions_total{version="2.3.0"}', values: '0+2x90'}
                      - {series: 'ota_crashed_sessions_total{version="2.3.0"}', values: '0+1x90'}
                      - {series: 'ota_signature_failures_total{version="2.2.0"}', values: '0+1x90'}
                      - {series: 'ota_signature_failures_total{version="2.1.0"}', values: '0x90'}
                      - {series: 'ota_download_total{version="2.1.0",status="success"}', values: '0+99x90'}
                      - {series: 'ota_download_total{version="2.1.0",status="failure"}', values: '0+1x90'}
                      - {series: 'ota_download_total{version="2.2.0",status="success"}', values: '0+90x90'}
                      - {series: 'ota_download_total{version="2.2.0",status="failure"}', values: '0+10x90'}
                      - {series: 'ota_update_checks_total{version="2.1.0",status="none"}', values: '0+50x90'}
                      - {series: 'ota_update_checks_total{version="2.2.0",status="none"}', values: '0+45x90'}
                      - {series: 'ota_update_checks_total{version="2.2.0",status="failed"}', values: '0+5x90'}
                      - {series: 'ota_update_checks_total{version="2.3.0",status="failed"}', values: '0+2x90'}
                    alert_rule_test:
                      - eval_time: 80m
                        alertname: OtaCrashFreeSessionsCritical
                        exp_alerts:
                          - exp_labels: {severity: critical, kpi: crash_free_sessions, version: "2.2.0"}
                            exp_annotations:
                              summary: "Crash-free sessions of 2.2.0 at 97.00%% (critical below 98%%)"
                              runbook: "SEV-1 by the runbook: roll back immediately (ota rollback), page on-call."
                      - eval_time: 3m
                        alertname: OtaCrashFreeSessionsCritical
                        exp_alerts: []
                      - eval_time: 80m
                        alertname: OtaSignatureFailuresCritical
                        exp_alerts:
                          - exp_labels: {severity: critical, kpi: signature_failures, version: "2.2.0"}
                            exp_annotations:
                              summary: "60 signature verification failures for 2.2.0 in the last hour"
                              runbook: "Treat as a security incident (SEV-1): roll back, quarantine the release, page on-call."
                      - eval_time: 80m
                        alertname: OtaDownloadSuccessCritical
                        exp_alerts:
                          - exp_labels: {severity: critical, kpi: download_success, version: "2.2.0"}
                            exp_annotations:
                              summary: "Download success of 2.2.0 is 90.00%% (critical below 95%%)"
                              runbook: "Devices cannot fetch the release: check the CDN and the store, consider rolling back."
                      - eval_time: 80m
                        alertname: OtaUpdateCheckFailuresCritical
                        exp_alerts:
                          - exp_labels: {severity: critical, kpi: update_check_failure_rate, version: "2.2.0"}
                            exp_annotations:
                              summary: "10.00%% of update checks on 2.2.0 failed (critical above 5%%)"
                              runbook: "Devices cannot receive a rollback either: fix the CDN or the pointer before anything else."
                """.formatted(ALERTS));
        var r = Processes.run(List.of("promtool", "test", "rules", test.toString()));
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyCanaryKpiHasAWarningAndACriticalAlertAtTheSeedsLevels() throws Exception {
        Map<String, Object> doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(ALERTS));
        Set<String> covered = new HashSet<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) doc.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                Map<String, String> labels = (Map<String, String>) rule.get("labels");
                String kpi = labels.get("kpi");
                String severity = labels.get("severity");
                assertThat(severity).isIn("warning", "critical");
                Kpi k = Thresholds.defaults().kpi(kpi);
                double level = severity.equals("warning") ? k.warning()
                        : kpi.equals("signature_failures") ? 10 : k.critical(); // the alert keeps the seed's "> 10 in 1h"
                String op = k.breachWhen() == Kpi.Breach.BELOW ? "< " : "> ";
                assertThat((String) rule.get("expr")).as(rule.get("alert").toString()).contains(op + KpiResult.format(level));
                covered.add(kpi + "/" + severity);
            }
        }
        for (Kpi k : Thresholds.defaults().kpis()) {
            assertThat(covered).contains(k.name() + "/warning", k.name() + "/critical");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDashboardHasTheSeedsFourPanelsAndTheTelemetryKpisWithThresholdLines() throws Exception {
        Map<String, Object> dash = (Map<String, Object>) JsonReader.parse(Files.readAllBytes(DASHBOARD));
        List<Map<String, Object>> panels = (List<Map<String, Object>>) dash.get("panels");
        assertThat(panels).extracting(p -> p.get("type")).containsExactly("piechart", "timeseries", "timeseries", "timeseries",
                "timeseries", "timeseries", "timeseries");
        assertThat(panels).extracting(p -> p.get("title")).containsExactly("Version adoption", "Download success rate",
                "Install (apply) time p95", "Crash-free sessions: current vs previous version", "Update checks that failed",
                "First Contentful Paint p95", "API latency p95: current vs previous version");
        assertThat(steps(panels.get(4))).containsExactly(2L, 5L);
        assertThat(steps(panels.get(5))).containsExactly(2L, 3L);
        assertThat(steps(panels.get(6))).containsExactly(250L, 500L); // milliseconds: the JSON reader takes whole numbers
        assertThat(exprs(panels.get(6))).hasSize(2).anySatisfy(e -> assertThat(e).contains("version=\"$current\""))
                .anySatisfy(e -> assertThat(e).contains("version=\"$previous\""));
        assertThat(steps(panels.get(1))).containsExactly(95L, 98L);
        assertThat(steps(panels.get(2))).containsExactly(7L, 15L);
        assertThat(steps(panels.get(3))).containsExactly(98L, 99L);
        assertThat(exprs(panels.get(0))).containsExactly("sum by (version) (ota_active_version)");
        assertThat(exprs(panels.get(3))).hasSize(2).anySatisfy(e -> assertThat(e).contains("version=\"$current\""))
                .anySatisfy(e -> assertThat(e).contains("version=\"$previous\""));
        for (Map<String, Object> p : panels.subList(1, panels.size())) {
            Map<String, Object> custom = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) p.get("fieldConfig"))
                    .get("defaults")).get("custom");
            assertThat((Map<String, Object>) custom.get("thresholdsStyle")).containsEntry("mode", "line");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void dashboardAlertsAndCanaryUseOnlyTheMetricsReadmeDocuments() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Set<String> used = new TreeSet<>();
        Map<String, Object> dash = (Map<String, Object>) JsonReader.parse(Files.readAllBytes(DASHBOARD));
        for (Map<String, Object> p : (List<Map<String, Object>>) dash.get("panels")) {
            exprs(p).forEach(e -> used.addAll(metrics(e)));
        }
        Set<String> fromDashboard = new TreeSet<>(used);
        used.addAll(metrics(Files.readString(ALERTS)));
        Thresholds.defaults().kpis().forEach(k -> used.addAll(metrics(k.prometheus())));
        used.addAll(metrics(Thresholds.defaults().sessions().prometheus()));
        assertThat(fromDashboard).contains("ota_active_version", "ota_download_total", "ota_install_duration_seconds",
                "ota_sessions_total", "ota_crashed_sessions_total");
        assertThat(used).containsExactlyInAnyOrderElementsOf(CanaryMetrics.ALL)
                .allSatisfy(m -> assertThat(readme).as("README documents " + m).contains("`" + m));
    }

    private static Set<String> metrics(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            out.add(m.group().replaceFirst("_(bucket|sum|count)$", ""));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> steps(Map<String, Object> panel) {
        Map<String, Object> defaults = (Map<String, Object>) ((Map<String, Object>) panel.get("fieldConfig")).get("defaults");
        List<Map<String, Object>> steps = (List<Map<String, Object>>) ((Map<String, Object>) defaults.get("thresholds")).get("steps");
        List<Object> values = new ArrayList<>();
        steps.stream().map(s -> s.get("value")).filter(v -> v != null).forEach(values::add);
        return values;
    }

    @SuppressWarnings("unchecked")
    private static List<String> exprs(Map<String, Object> panel) {
        return ((List<Map<String, Object>>) panel.get("targets")).stream().map(t -> (String) t.get("expr")).toList();
    }
}
