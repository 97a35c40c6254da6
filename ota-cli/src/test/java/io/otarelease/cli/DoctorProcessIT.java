package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ota doctor} as a process reads the real environment: a static access key there is a warning. */
class DoctorProcessIT {
    @TempDir
    Path tmp;

    @Test
    void anAccessKeyInTheEnvironmentWithoutASessionTokenIsAWarningAndWithOneIsNot() {
        String store = "file://" + tmp.resolve("prod");
        OtaProcess r = OtaProcess.run(tmp, "doctor", "--store", store, "--bucket-checks", "refuse");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains("NOT APPLICABLE production store " + store,
                "WARNING        AWS credentials: a static access key from AWS_ACCESS_KEY_ID without AWS_SESSION_TOKEN")
                .doesNotContain(OtaProcess.AWS_ENV.get("AWS_ACCESS_KEY_ID"),
                        OtaProcess.AWS_ENV.get("AWS_SECRET_ACCESS_KEY"));

        OtaProcess temporary = OtaProcess.run(tmp, Map.of("AWS_SESSION_TOKEN", "process-session-token"), "doctor",
                "--store", store);
        assertThat(temporary.out()).contains("OK             AWS credentials: temporary credentials from "
                + "AWS_ACCESS_KEY_ID (AWS_SESSION_TOKEN set)").doesNotContain("process-session-token");
    }
}
