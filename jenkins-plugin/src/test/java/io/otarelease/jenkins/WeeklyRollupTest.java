package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** otaReport on the real file store: the rollup of {@code ota report weekly}, with an incident a build opened. */
class WeeklyRollupTest {
    @TempDir
    Path tmp;
    final PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    final Clock monday = Clock.fixed(Instant.parse("2026-03-30T07:00:00Z"), ZoneOffset.UTC);
    final ControllerStores stores = new ControllerStores("shop", true, null);

    ReleaseTarget target() {
        return new ReleaseTarget("com.example.shop", "production", null, tmp.resolve("prod").toUri().toString(), null,
                null, false, null, null, null, null, null, null);
    }

    Map<String, Object> weekly(String since, String until) throws Exception {
        return WeeklyRollup.run(new StepTarget("otaReport", target(), stores), since, until, monday, log).toMap();
    }

    @Test
    void lastWeeksRollupAsTextAndHtmlWithTheIncidentsOfTheWeek() throws Exception {
        Clock wednesday = Clock.fixed(Instant.parse("2026-03-25T10:00:00Z"), ZoneOffset.UTC);
        IncidentFlow.run(new StepTarget("otaIncident", target(), stores), IncidentFlowTest.req("open", null,
                "version", "3.4.1", "severity", "SEV-2", "summary", "checkout broken on Android 12", "impact",
                "7% of checkouts fail"), "jenkins", wednesday, log);

        Map<String, Object> r = weekly(null, null);

        assertThat(r).containsEntry("since", "2026-03-23").containsEntry("until", "2026-03-29");
        assertThat((String) r.get("text")).contains("INCIDENTS", "INC-20260325-1000-3.4.1", "RELEASES", "n/a");
        assertThat((String) r.get("html")).contains("<", "INC-20260325-1000-3.4.1");
        assertThat((String) r.get("subject")).isNotBlank();
    }

    @Test
    void datesAreCheckedByName() {
        assertThatThrownBy(() -> weekly("last week", null))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("otaReport since: must be a date");
        assertThatThrownBy(() -> weekly("2026-03-29", "2026-03-23"))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("is after until:");
    }
}
