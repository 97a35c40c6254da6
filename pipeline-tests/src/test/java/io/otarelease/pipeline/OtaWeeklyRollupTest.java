package io.otarelease.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.pipeline.harness.PipelineHarness;
import io.otarelease.pipeline.harness.PipelineHarness.RunResult;
import io.otarelease.pipeline.harness.StepCall;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtaWeeklyRollupTest {

    private static Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("profile", "shop");
        m.put("recipients", "releases@example.com");
        return m;
    }

    @Test
    void mailsTheHtmlRollupEveryMondayAndLogsTheText() {
        PipelineHarness h = new PipelineHarness();

        RunResult r = h.run("otaWeeklyRollup", config());

        assertThat(r.result()).as(String.valueOf(r.failure())).isEqualTo("SUCCESS");
        assertThat(r.trace("otaReport")).containsExactly("otaReport(profile: shop)");
        StepCall mail = r.of("mail").get(0);
        assertThat(mail.arg("to")).isEqualTo("releases@example.com");
        assertThat(mail.arg("mimeType")).isEqualTo("text/html");
        assertThat(String.valueOf(mail.arg("subject"))).contains("OTA weekly");
        assertThat(String.valueOf(mail.arg("body"))).contains("<", "INC-20260325-1000-3.4.1");
        assertThat(r.log()).anyMatch(l -> l.contains("INCIDENTS") && l.contains("INC-20260325-1000-3.4.1"));
        assertThat(((List<?>) r.of("properties").get(0).first()).toString()).contains("H 7 * * 1");
        assertThat(r.calls()).allSatisfy(c -> assertThat(c.insideNode()).isFalse());
    }

    @Test
    void emailextAndARangeCanBeChosenAndMistakesAreNamed() {
        PipelineHarness h = new PipelineHarness();
        Map<String, Object> cfg = config();
        cfg.put("mailer", "emailext");
        cfg.put("since", "2026-03-01");
        cfg.put("until", "2026-03-07");

        RunResult r = h.run("otaWeeklyRollup", cfg);

        assertThat(r.trace("otaReport")).containsExactly("otaReport(profile: shop, since: 2026-03-01, until: 2026-03-07)");
        assertThat(r.called("emailext")).isTrue();
        assertThat(r.called("mail")).isFalse();

        cfg.put("mailer", "sendmail");
        RunResult bad = new PipelineHarness().run("otaWeeklyRollup", cfg);
        assertThat(bad.message()).contains("'mailer' must be 'mail' or 'emailext'");
        Map<String, Object> none = new LinkedHashMap<>();
        none.put("profile", "shop");
        assertThat(new PipelineHarness().run("otaWeeklyRollup", none).message()).contains("'recipients' are required");
    }
}
