package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors through the picocli entry: the full command path, what was mistyped, and what was meant. */
class UsageErrorsTest {
    @TempDir
    Path tmp;

    @Test
    void aMistypedOptionIsNamedWithASuggestionNotReportedAsTheMissingOne() {
        CliRun r = CliRun.of("registry", "list", "--stor", "file://" + tmp, "--app-id", "com.example.shop");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("ota registry list: unknown option '--stor'\n").contains("did you mean: --store?",
                "see 'ota registry list --help'").doesNotContain("Missing required option", tmp.toString());
    }

    @Test
    void anUnknownCommandIsNamedWithSuggestions() {
        CliRun top = CliRun.of("promte", "1.0.0");
        assertThat(top.exitCode()).isEqualTo(2);
        assertThat(top.err()).startsWith("ota: unknown command 'promte'\ndid you mean: promote")
                .contains("see 'ota --help'").doesNotContain("ota ota", "[]");
        CliRun sub = CliRun.of("registry", "lst");
        assertThat(sub.err()).startsWith("ota registry: unknown command 'lst'\ndid you mean: list?");
    }

    @Test
    void errorsNameTheWholeCommandPath() {
        String store = "file://" + tmp;
        assertThat(CliRun.of("registry", "list", "--store", store).err())
                .startsWith("ota registry list: Missing required option: '--app-id=ID'");
        CliRun missing = CliRun.of("registry", "show", "9.9.9", "--store", store, "--app-id", "com.example.shop");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("ota registry show: release 9.9.9 is not in the registry");
        assertThat(CliRun.of("incident", "timeline", "INC-nope", "--store", store, "--app-id", "com.example.shop").err())
                .startsWith("ota incident timeline: ");
    }

    @Test
    void extraArgumentsAreNotEchoed() {
        CliRun r = CliRun.of("registry", "show", "1.0.0", "s3cr3t-typed-by-mistake", "--store", "file://" + tmp,
                "--app-id", "a.b");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("ota registry show: unexpected argument").doesNotContain("s3cr3t");
    }

    @Test
    void manifestUsageShowsItsRequiredOptionsAndSignsGroupNeedsBoth() {
        CliRun help = CliRun.of("manifest", "--help");
        assertThat(help.out()).contains("--app-id=ID --bundle-version=V").doesNotContain("[--app-id=ID]",
                "[--bundle-version=V]");
        CliRun manifest = CliRun.of("manifest", tmp.toString(), "--app-id", "com.example.shop");
        assertThat(manifest.exitCode()).isEqualTo(2);
        assertThat(manifest.err()).startsWith("ota manifest: ").contains("--bundle-version=V");
        assertThat(CliRun.of("manifest", tmp.toString()).err()).contains("--app-id=ID", "--bundle-version=V");
        // sign may re-sign an existing manifest without the group, but half of it is an error
        CliRun sign = CliRun.of("sign", tmp.toString(), "--bundle-version", "1.0.0", "--signer", "file",
                "--private-key", "k.pem", "--key-id", "k");
        assertThat(sign.exitCode()).isEqualTo(2);
        assertThat(sign.err()).startsWith("ota sign: ").contains("--app-id=ID");
        assertThat(CliRun.of("sign", "--help").out()).contains("[--app-id=ID --bundle-version=V");
    }
}
