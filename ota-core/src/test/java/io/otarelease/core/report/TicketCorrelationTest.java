package io.otarelease.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import io.otarelease.core.registry.RegistryDocument;
import io.otarelease.core.registry.ReleaseEntry;
import io.otarelease.core.registry.ReleaseStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class TicketCorrelationTest {
    static final String H = "sha256:" + "a".repeat(64);
    static final RegistryDocument REG = new RegistryDocument("app", 3, List.of(
            new ReleaseEntry("3.4.0", H, ReleaseStatus.ROLLBACK_READY, null, "2026-03-22T10:30:00Z", null, null),
            new ReleaseEntry("3.4.1", H, ReleaseStatus.CURRENT, null, "2026-03-29T14:00:00Z", null, null)));

    @Test
    void ticketsAreCountedPerReleaseWithUnknownAndUntaggedApart() {
        String csv = "id,created,version,subject\r\n"
                + "T-1,2026-03-29,3.4.1,\"checkout, again\"\r\n"
                + "T-2,2026-03-29,v3.4.1,\"says \"\"blank page\"\"\"\n"
                + "T-3,2026-03-30,3.4.0,ok\n"
                + "T-4,2026-03-30,,no version\n"
                + "T-5,2026-03-30,9.9.9,\"multi\nline\"\n";
        TicketCorrelation.Result r = TicketCorrelation.correlate(csv, "tickets.csv", REG);
        assertThat(r.releases()).extracting(TicketCorrelation.Row::version, TicketCorrelation.Row::tickets)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("3.4.1", 2), org.assertj.core.groups.Tuple.tuple("3.4.0", 1));
        assertThat(r.unknownVersions()).containsExactly(java.util.Map.entry("9.9.9", 1));
        assertThat(r.untagged()).isEqualTo(1);
        assertThat(r.total()).isEqualTo(5);
        assertThat(r.text()).contains("3.4.1          current         2026-03-29T14:00        2  40.0%  e.g. T-1, T-2",
                "9.9.9          not in registry", "(untagged)", "5 tickets in all");
    }

    @Test
    void malformedCsvIsRefusedWithTheLine() {
        assertThatThrownBy(() -> TicketCorrelation.correlate("id,subject\nT-1,x\n", "t.csv", REG))
                .isInstanceOf(OtaException.BadInput.class).hasMessageContaining("t.csv: the header row must name the columns id and version");
        assertThatThrownBy(() -> TicketCorrelation.correlate("id,version\nT-1,\"3.4.1\n", "t.csv", REG))
                .hasMessage("t.csv: a quoted field is never closed");
        assertThatThrownBy(() -> TicketCorrelation.correlate("id,version\nT-1,3.4\"1\n", "t.csv", REG))
                .hasMessage("t.csv: line 2: a quote inside an unquoted field");
        assertThatThrownBy(() -> TicketCorrelation.correlate("id,version\nT-1,3.4.1,extra\n", "t.csv", REG))
                .hasMessage("t.csv: row 2 has 3 fields, the header 2");
        assertThatThrownBy(() -> TicketCorrelation.correlate("", "t.csv", REG)).hasMessageContaining("t.csv is empty");
    }
}
