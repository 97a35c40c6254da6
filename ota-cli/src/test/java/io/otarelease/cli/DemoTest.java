package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.core.testing.OpenSsl;
import io.otarelease.core.testing.RealParts;
import io.otarelease.core.testing.SoftHsm;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** The demo signs through a real signing server and SoftHSM2 when it can, and says which way it signed. */
    @Test
    void theDemoSignsThroughTheSigningServerBackedBySoftHsm() throws Exception {
        RealParts.require(SoftHsm.available() && OpenSsl.available(), "SoftHSM2 and openssl");
        CliRun run = DemoRun.shared();
        Path work = DemoRun.work();

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains("signing through the OTA signing server at https://127.0.0.1:")
                .contains("SoftHSM2 token").contains("signed by ota-demo-hsm").contains("refused:")
                .doesNotContain("development key");
        String audit = Files.readString(work.resolve("keys/signer/audit.jsonl"));
        assertThat(audit).contains("\"outcome\":\"signed\"").contains("\"keyId\":\"ota-demo-hsm\"");
        // the token's key never reached the demo's files: no private key PEM was written
        try (var files = Files.walk(work)) {
            assertThat(files.filter(p -> p.getFileName().toString().equals("dev-release.pem"))).isEmpty();
        }
    }
}
