package io.otarelease.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.PrometheusClient;
import io.otarelease.core.testing.FleetMetricsHistory;
import io.otarelease.core.testing.PrometheusServer;
import io.otarelease.core.testing.RealParts;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Adoption from a real Prometheus holding 80 hours of ota_active_version for an old and a new version. */
class AdoptionReportTest {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
    static final Instant RELEASE = NOW.minus(80, ChronoUnit.HOURS);
    static final int DEVICES = 1000;

    @TempDir
    static Path dir;
    static PrometheusServer prometheus;

    /** The new version's share: 1% at release, 25% after 1 h, 85% after 24 h, 93% after 72 h (missing 95%). */
    static double share(double hours) {
        double[][] knots = {{0, 1}, {1, 25}, {24, 85}, {72, 93}, {80, 94}};
        for (int i = 1; i < knots.length; i++) {
            if (hours <= knots[i][0]) {
                double[] a = knots[i - 1];
                double[] b = knots[i];
                return a[1] + (b[1] - a[1]) * (hours - a[0]) / (b[0] - a[0]);
            }
        }
        return 94;
    }

    @BeforeAll
    static void start() throws Exception {
        RealParts.require(PrometheusServer.available(), "prometheus and promtool (Debian package prometheus)");
        FleetMetricsHistory h = new FleetMetricsHistory();
        for (Instant t = RELEASE.minus(2, ChronoUnit.HOURS); !t.isAfter(NOW); t = t.plus(5, ChronoUnit.MINUTES)) {
            double hours = Duration.between(RELEASE, t).toSeconds() / 3600.0;
            double onNew = t.isBefore(RELEASE) ? 0 : DEVICES * share(hours) / 100;
            h.activeDevices("1.0.0", DEVICES - onNew, t);
            if (!t.isBefore(RELEASE)) {
                h.activeDevices("1.1.0", onNew, t);
            }
        }
        prometheus = PrometheusServer.start(dir, h.openMetrics());
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    static AdoptionReport report() {
        return new AdoptionReport(new PrometheusClient(prometheus.url(), Duration.ofSeconds(5)),
                Clock.fixed(NOW.plusSeconds(20), ZoneOffset.UTC));
    }

    @Test
    void findsTheReleaseAndReadsEachMilestoneAgainstTheSeedsTargets() {
        AdoptionReport.Result r = report().run("1.1.0", null, Duration.ofDays(7));
        assertThat(r.releaseFound()).isTrue();
        assertThat(r.releasedAt()).isBetween(RELEASE, RELEASE.plusSeconds(15));
        assertThat(r.readings()).extracting(x -> x.percent()).satisfiesExactly(
                p -> assertThat(p).isBetween(24.5, 25.5),
                p -> assertThat(p).isBetween(84.5, 85.5),
                p -> assertThat(p).isBetween(92.5, 93.5));
        assertThat(r.readings()).extracting(AdoptionReport.Reading::met).containsExactly(true, true, false);
        assertThat(r.nowPercent()).isBetween(93.5, 94.5);
        assertThat(r.curve()).hasSizeGreaterThan(300);
        assertThat(r.curve().get(0).hours()).isLessThan(0.2);
    }

    @Test
    void milestonesAfterNowAreNotYetReached() {
        Instant givenRelease = NOW.minus(30, ChronoUnit.HOURS);
        AdoptionReport.Result r = report().run("1.1.0", givenRelease, Duration.ofDays(7));
        assertThat(r.releaseFound()).isFalse();
        assertThat(r.readings().get(2).percent()).isNull();
        assertThat(r.readings().get(2).met()).isFalse();
        assertThat(r.readings().get(0).percent()).isNotNull();
    }

    @Test
    void aVersionNoDeviceReportedIsRefused() {
        assertThatThrownBy(() -> report().run("7.7.7", null, Duration.ofDays(7))).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("no active device reported version 7.7.7");
    }

    @Test
    void theChartIsWellFormedSvgWithTheCurveAndTargets() throws Exception {
        String svg = AdoptionChart.svg(report().run("1.1.0", null, Duration.ofDays(7)));
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(doc.getElementsByTagName("polyline").getLength()).isEqualTo(2);
        assertThat(doc.getElementsByTagName("circle").getLength()).isEqualTo(3);
        assertThat(svg).contains("Adoption of 1.1.0").contains("72 h: target 95.0%, measured 93.0% ✗")
                .contains("1 h: target 20.0%, measured 25.0% ✓").doesNotContain("<script");
        assertThat(AdoptionChart.escape("<b>&\"")).isEqualTo("&lt;b&gt;&amp;&quot;");
    }
}
