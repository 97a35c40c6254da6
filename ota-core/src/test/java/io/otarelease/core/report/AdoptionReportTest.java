package io.otarelease.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.PrometheusClient;
import io.otarelease.core.testing.AdoptionHistory;
import io.otarelease.core.testing.PrometheusServer;
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
    @TempDir
    static Path dir;
    static PrometheusServer prometheus;

    @BeforeAll
    static void start() throws Exception {
        prometheus = AdoptionHistory.start(dir, "1.0.0", "1.1.0");
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    static AdoptionReport report() {
        return new AdoptionReport(new PrometheusClient(prometheus.url(), Duration.ofSeconds(5)),
                Clock.fixed(AdoptionHistory.NOW.plusSeconds(20), ZoneOffset.UTC));
    }

    @Test
    void findsTheReleaseAndReadsEachMilestoneAgainstTheSeedsTargets() {
        AdoptionReport.Result r = report().run("1.1.0", null, Duration.ofDays(7));
        assertThat(r.releaseFound()).isTrue();
        assertThat(r.releasedAt()).isBetween(AdoptionHistory.RELEASE, AdoptionHistory.RELEASE.plusSeconds(15));
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
        Instant givenRelease = AdoptionHistory.NOW.minus(30, ChronoUnit.HOURS);
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
