package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.RemoteSigner;
import io.otarelease.core.testing.OpenSsl;
import io.otarelease.core.testing.RealParts;
import io.otarelease.core.testing.SoftHsm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ota demo} signs through a real signing server and SoftHSM2 when it can, and says which way it signed. */
class DemoSigningTest {
    @TempDir
    Path tmp;

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

    @Test
    void withoutSoftHsmTheDemoSaysItFallsBackToADevelopmentKey() {
        StringWriter text = new StringWriter();
        try (DemoSigning s = DemoSigning.open(tmp, new PrintWriter(text, true), "SoftHSM2 is")) {
            assertThat(s.signer()).isInstanceOf(FileSigner.class);
            assertThat(s.signer()).isNotInstanceOf(RemoteSigner.class);
        }
        assertThat(text.toString()).contains("SoftHSM2 is not installed").contains("falling back to a development key");
    }
}
