package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoTest {
    @Test
    void theDemoReleasesWidensReleasesAgainAndRollsBack() {
        CliRun r = DemoRun.shared();
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("1.0.0 at 5%: sequence 1", "1.0.0 at 100%: sequence 2",
                "staged 1.1.0: 5 files, 1 uploaded, 4 already in the store",
                "channel production now serves 1.0.0 (sequence 5); 1.1.0 quarantined", "rollback time: ",
                "| Version | Bundle Hash | Status | Released | Retired |")
                .containsPattern("\\| 1\\.1\\.0 \\| [0-9a-f]{12}… \\| quarantined \\|")
                .containsPattern("\\| 1\\.0\\.0 \\| [0-9a-f]{12}… \\| current \\|")
                .containsPattern("pick: \\{\\(none yet\\)=9[0-9]{3}, 1\\.0\\.0=[0-9]{3}\\}");
        // key rotation without a new app binary (docs/security.md)
        assertThat(r.out()).contains("==> Trust: rotate the release key", "==> Trust: revoke the old release key",
                "the app binary never changed: it still ships root/1.json only");
        if (io.otarelease.core.testing.PrometheusServer.available()) { // the fleet part needs a real Prometheus
            assertThat(r.out()).contains("fleet on 1.0.0: 1.0.0: 500 (100.0%)", "canary 1.2.0: PASS",
                    "rollout of 1.2.0 complete at 100%", "canary 1.3.0: FAIL (SEV-1)",
                    "rolled back: channel production serves 1.2.0 at sequence 9; 1.3.0 quarantined",
                    "fleet on 1.2.0: 1.2.0: 500 (100.0%)", "==> 20. Timeline", "device errors: 0");
        }
    }
}
