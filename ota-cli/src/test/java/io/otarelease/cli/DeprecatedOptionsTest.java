package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Renamed options keep their old spelling for one release: it works, says so on stderr, and hides from --help. */
class DeprecatedOptionsTest {
    @Test
    void anOldSpellingWorksAsTheNewOneAndSaysSo() {
        CliRun r = CliRun.of("report", "weekly", "--from", "last monday", "--to=2026-03-29", "--store",
                "file:///nonexistent-ota-store", "--app-id", "com.example.shop");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("ota report weekly: --from is deprecated and goes away in the next release; use "
                + "--since", "--to is deprecated and goes away in the next release; use --until",
                "--since must be a date like 2026-03-23");
    }

    @Test
    void theOldAndNewSpellingTogetherAreRefused() {
        CliRun r = CliRun.of("promote", "1.0.0", "--to", "file:///a", "--store", "file:///b", "--percent", "5",
                "--app-id", "com.example.shop", "--trusted-keys", "tk.json");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--store").contains("only once");
    }

    @Test
    void anOldSpellingIsOnlyRewrittenWhereItWasAnOption() {
        // keygen --force never changed meaning: no deprecation line, no rewrite
        CliRun keygen = CliRun.of("keygen", "--force", "--help");
        assertThat(keygen.err()).doesNotContain("deprecated");
        // a value that looks like an old option stays a value
        CliRun value = CliRun.of("rollback", "--reason", "--to", "--help");
        assertThat(value.err()).doesNotContain("deprecated");
    }

    @Test
    void helpShowsOnlyTheNewNames() {
        String promote = CliRun.of("promote", "--help").out();
        assertThat(promote).contains("--from-store=URL", "--store=URL").doesNotContain("--from=", "--to=");
        String rollback = CliRun.of("rollback", "--help").out();
        assertThat(rollback).contains("--to-version=VERSION", "--allow-quarantined").doesNotContain("--to=", "--force");
        String canary = CliRun.of("canary", "--help").out();
        assertThat(canary).doesNotContain("--incident-store", "--incident-app-id", "--incident-channel");
        assertThat(CliRun.of("sign", "--help").out()).contains("--kms-region").doesNotContain("--aws-region");
    }
}
