package io.otarelease.core.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThresholdsTest {
    @TempDir
    Path dir;

    @Test
    void theDefaultsAreTheSeedsTables() {
        Thresholds t = Thresholds.defaults();
        assertThat(t.minSessions()).isEqualTo(500);
        assertThat(t.window()).isEqualTo("1h");
        assertLevels(t.kpi("crash_free_sessions"), Kpi.Breach.BELOW, 99, 98);
        assertLevels(t.kpi("js_error_rate"), Kpi.Breach.ABOVE, 0.5, 2);
        assertLevels(t.kpi("load_time_p95"), Kpi.Breach.ABOVE, 5, 8);
        assertLevels(t.kpi("download_success"), Kpi.Breach.BELOW, 98, 95);
        assertLevels(t.kpi("download_time_p95"), Kpi.Breach.ABOVE, 8, 15);
        assertLevels(t.kpi("install_time_p95"), Kpi.Breach.ABOVE, 7, 15);
        assertLevels(t.kpi("signature_failures"), Kpi.Breach.ABOVE, 0, 0);
        assertLevels(t.kpi("api_error_rate"), Kpi.Breach.DEVIATES, 2, 5);
        assertThat(t.kpis()).allSatisfy(k -> assertThat(k.prometheus()).contains("version=\"$version\"").contains("[$window]"));
    }

    @Test
    void levelsAreStrictAtTheBoundaryAndCriticalWins() {
        Kpi crashFree = Thresholds.defaults().kpi("crash_free_sessions");
        assertThat(crashFree.levelOf(99)).isEqualTo(Kpi.Level.OK);
        assertThat(crashFree.levelOf(98.99)).isEqualTo(Kpi.Level.WARNING);
        assertThat(crashFree.levelOf(98)).isEqualTo(Kpi.Level.WARNING);
        assertThat(crashFree.levelOf(97.99)).isEqualTo(Kpi.Level.CRITICAL);
        Kpi sig = Thresholds.defaults().kpi("signature_failures");
        assertThat(sig.levelOf(0)).isEqualTo(Kpi.Level.OK);
        assertThat(sig.levelOf(1)).isEqualTo(Kpi.Level.CRITICAL);
    }

    @Test
    void aFileOverridesSomeFieldsAndKeepsTheRest() throws Exception {
        Path f = dir.resolve("t.yaml");
        Files.writeString(f, """
                schema: ota-thresholds/1
                minSessions: 2000
                kpis:
                  load_time_p95:
                    warning: 3
                    critical: 4
                  download_time_p95:
                    enabled: false
                  cold_start_p95:
                    title: Cold start (p95)
                    unit: s
                    breachWhen: above
                    warning: 2
                    critical: 3
                    prometheus: 'histogram_quantile(0.95, sum by (le) (rate(app_cold_start_seconds_bucket{version="$version"}[$window])))'
                    json: p95-cold-start
                """);
        Thresholds t = Thresholds.load(f);
        assertThat(t.minSessions()).isEqualTo(2000);
        assertLevels(t.kpi("load_time_p95"), Kpi.Breach.ABOVE, 3, 4);
        assertThat(t.kpi("load_time_p95").prometheus()).contains("ota_load_duration_seconds_bucket");
        assertThat(t.kpis()).extracting(Kpi::name).doesNotContain("download_time_p95").endsWith("cold_start_p95");
    }

    @Test
    void mistakesAreRefusedNamingFileAndKey() throws Exception {
        assertRefused("schema: ota-thresholds/1\nkpis:\n  crash_free_sessions:\n    criticl: 97\n",
                "unknown key kpis.crash_free_sessions.criticl");
        assertRefused("schema: ota-thresholds/1\nkpis:\n  crash_free_sessions:\n    critical: lots\n",
                "kpis.crash_free_sessions.critical must be a number");
        assertRefused("schema: ota-thresholds/1\nkpis:\n  new_kpi:\n    warning: 1\n", "kpis.new_kpi.breachWhen");
        assertRefused("schema: ota-thresholds/1\nkpis:\n  crash_free_sessions:\n    breachWhen: sideways\n",
                "breachWhen must be below, above or deviates");
        assertRefused("schema: ota-thresholds/1\nwindow: 1 hour\n", "window must be a duration");
        assertRefused("schema: ota-thresholds/1\nminSessions: -5\n", "minSessions must be a whole number");
        assertRefused("minSessions: 5\n", "schema must be \"ota-thresholds/1\"");
        assertRefused("schema: ota-thresholds/1\nkpi: {}\n", "unknown key 'kpi'");
        assertRefused("schema: [unclosed\n", "not valid YAML");
        assertRefused("schema: ota-thresholds/1\nkpis:\n  js_error_rate:\n    prometheus: 'sum(rate(x[$window]))'\n",
                "kpis.js_error_rate.prometheus must select the version with $version");
        assertRefused("schema: ota-thresholds/1\nkpis:\n  js_error_rate:\n    json: 'http://elsewhere/x'\n",
                "kpis.js_error_rate.json must be a relative path");
        assertRefused("schema: ota-thresholds/1\nsessions:\n  json: '../admin'\n", "sessions.json must be a relative path");
        assertThatThrownBy(() -> Thresholds.load(dir.resolve("missing.yaml"))).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("missing.yaml");
    }

    private void assertRefused(String yaml, String message) throws Exception {
        Path f = Files.writeString(dir.resolve("bad.yaml"), yaml);
        assertThatThrownBy(() -> Thresholds.load(f)).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining(f.toString()).hasMessageContaining(message);
    }

    private static void assertLevels(Kpi k, Kpi.Breach breach, double warning, double critical) {
        assertThat(k.breachWhen()).isEqualTo(breach);
        assertThat(k.warning()).isEqualTo(warning);
        assertThat(k.critical()).isEqualTo(critical);
    }
}
