package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class IncidentDemoTest {
    @Test
    void theDemoEndsWithTheIncidentRecordTheChannelsMessagesAndTheWeeklyRollup() throws Exception {
        CliRun r = DemoRun.shared();
        Path tmp = DemoRun.work();
        assertThat(r.exitCode()).as(r.all()).isZero();
        String out = r.out();
        assertThat(out).contains("canary 1.1.0: FAIL (SEV-1)", "  rolled back: production serves 1.0.0",
                        "[x] CDN serving correct version", "[x] Failed bundle quarantined",
                        "[x] Error rate returning to baseline", "[x] Incident channel updated with timeline",
                        "#ota-engineering (2 messages)", "#ota-releases (1 message)", "#ota-incidents (2 messages)",
                        "[slack] ROLLBACK: com.example.shop is back on 1.0.0", "[json] SEV-1 incident INC-",
                        "Subject: OTA Weekly Rollup — com.example.shop", "4 rollout changes, 1 rollback [2]",
                        "Crash-free sessions: 99.8% (warning below 99%) ✓", "ADOPTION", "INCIDENTS")
                .containsPattern("SEV-1 INC-[0-9]{8}-[0-9]{4}-1\\.1\\.0 \\(v1\\.1\\.0, mitigated\\)")
                .containsPattern(" rollback +demo +automatic rollback by the canary");
        // the incident section comes after the release demo, the rollup last
        assertThat(out.indexOf("==> 12.")).isGreaterThan(out.indexOf("==> 11."));
        assertThat(out.indexOf("==> 16.")).isGreaterThan(out.indexOf("==> 15."));
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("postmortem-INC-")).contains("weekly-rollup.html");
        }
    }
}
