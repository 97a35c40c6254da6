package io.otarelease.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.pipeline.harness.PipelineHarness;
import io.otarelease.pipeline.harness.PipelineHarness.RunResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtaChannelRefreshTest {

    private static Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", "shop");
        m.put("channels", List.of("production", "beta"));
        return m;
    }

    @Test
    void eachChannelIsRefreshedUnderTheReleaseLockOnADailySchedule() {
        PipelineHarness h = new PipelineHarness();

        RunResult r = h.run("otaChannelRefresh", config());

        assertThat(r.result()).as(String.valueOf(r.failure())).isEqualTo("SUCCESS");
        assertThat(r.trace("otaRefresh")).containsExactly(
                "otaRefresh(profile: shop, channel: production, refreshWithinDays: 30)",
                "otaRefresh(profile: shop, channel: beta, refreshWithinDays: 30)");
        assertThat(r.of("otaRefresh")).allSatisfy(c -> {
            assertThat(c.insideLock()).isTrue();
            assertThat(c.insideNode()).isFalse();
        });
        assertThat(r.of("lock").get(0).arg("resource")).hasToString("ota-shop-production");
        List<?> props = (List<?>) r.of("properties").get(0).first();
        assertThat(props.toString()).contains("disableConcurrentBuilds", "cron", "H H(2-5) * * *");
        assertThat(r.log()).anyMatch(l -> l.startsWith("production: refreshed (sequence") && l.contains("90 days left"));
        assertThat(r.called("otaNotify")).isFalse();
    }

    @Test
    void aChannelThatCannotBeRefreshedIsAnnouncedAndFailsTheBuildButTheOthersAreRefreshed() {
        PipelineHarness h = new PipelineHarness();
        Map<String, Object> ok = new LinkedHashMap<>();
        ok.put("refreshed", false);
        ok.put("sequence", 7L);
        ok.put("version", "3.4.1");
        ok.put("percent", 100);
        ok.put("expiresAt", "2026-06-27T14:00:00Z");
        ok.put("daysLeft", 80L);
        h.on("otaRefresh", c -> {
            if ("production".equals(c.arg("channel"))) {
                throw new hudson.AbortException("otaRefresh: channel production: the signed history records "
                        + "sequence 9 last, not this pointer");
            }
            return ok;
        });

        RunResult r = h.run("otaChannelRefresh", config());

        assertThat(r.result()).isEqualTo("FAILURE");
        assertThat(r.of("otaRefresh")).hasSize(2);
        assertThat(r.message()).contains("could not refresh production");
        assertThat(r.notifications()).containsExactly("refresh-failed→engineering", "refresh-failed→releases",
                "refresh-failed→incidents");
        assertThat(String.valueOf(r.of("otaNotify").get(0).arg("message")))
                .contains("production of shop could NOT be refreshed", "sequence 9 last", "ota channel show");
        assertThat(r.log()).anyMatch(l -> l.startsWith("beta: not due"));
    }

    @Test
    void anAbortStopsTheJobWithoutAFalseAlarm() {
        PipelineHarness h = new PipelineHarness();
        h.on("otaRefresh", PipelineHarness.rejects("someone"));

        RunResult r = h.run("otaChannelRefresh", config());

        assertThat(r.result()).isEqualTo("ABORTED");
        assertThat(r.of("otaRefresh")).hasSize(1);
        assertThat(r.called("otaNotify")).isFalse();
    }
}
