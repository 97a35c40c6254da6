package io.otarelease.core.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the SDK's chain would find credentials, and whether they are a long-lived key, never printing a key. */
class CredentialChecksTest {
    @TempDir
    Path home;

    private static Finding only(List<Finding> findings) {
        assertThat(findings).hasSize(1);
        return findings.get(0);
    }

    @Test
    void anAccessKeyInTheEnvironmentWithoutASessionTokenIsAWarning() {
        Finding f = only(CredentialChecks.check(Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEKEY1", "AWS_SECRET_ACCESS_KEY",
                "secret-value"), Map.of(), home));
        assertThat(f.status()).isEqualTo(Finding.Status.WARNING);
        assertThat(f.detail()).contains("a static access key from AWS_ACCESS_KEY_ID without AWS_SESSION_TOKEN",
                "web identity").doesNotContain("AKIAEXAMPLEKEY1", "secret-value");
    }

    @Test
    void temporaryCredentialsAndWebIdentityAreFine() {
        assertThat(only(CredentialChecks.check(Map.of("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE", "AWS_SESSION_TOKEN", "t"),
                Map.of(), home)).status()).isEqualTo(Finding.Status.OK);
        Finding web = only(CredentialChecks.check(Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", "/run/token",
                "AWS_ROLE_ARN", "arn:aws:iam::111122223333:role/ota-promoter"), Map.of(), home));
        assertThat(web.status()).isEqualTo(Finding.Status.OK);
        assertThat(web.detail()).contains("web identity: role arn:aws:iam::111122223333:role/ota-promoter");
    }

    @Test
    void theSystemPropertiesComeFirstAsInTheSdksChain() {
        Finding f = only(CredentialChecks.check(Map.of("AWS_ACCESS_KEY_ID", "A", "AWS_SESSION_TOKEN", "t"),
                Map.of("aws.accessKeyId", "B"), home));
        assertThat(f.status()).isEqualTo(Finding.Status.WARNING);
        assertThat(f.detail()).contains("the aws.accessKeyId system property without aws.sessionToken");
    }

    @Test
    void aStaticKeyInTheSharedCredentialsFileOfTheProfileIsAWarning() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), "[default]\naws_access_key_id = AKIAFILEKEY\n"
                + "aws_secret_access_key = s\n[ci]\naws_access_key_id = ASIAX\naws_secret_access_key = s\n"
                + "aws_session_token = t\n");
        Finding def = only(CredentialChecks.check(Map.of(), Map.of(), home));
        assertThat(def.status()).isEqualTo(Finding.Status.WARNING);
        assertThat(def.detail()).contains("profile 'default' in " + home.resolve(".aws/credentials"))
                .doesNotContain("AKIAFILEKEY");
        assertThat(only(CredentialChecks.check(Map.of("AWS_PROFILE", "ci"), Map.of(), home)).status())
                .isEqualTo(Finding.Status.OK);
    }

    @Test
    void nothingStaticAnywhereIsOk() {
        Finding f = only(CredentialChecks.check(Map.of(), Map.of(), home));
        assertThat(f.status()).isEqualTo(Finding.Status.OK);
        assertThat(f.detail()).contains("no static access key");
    }
}
