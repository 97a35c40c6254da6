package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.core.testing.JsonMetricsServer;
import io.otarelease.core.serve.StaticFileServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that prints a report or a table, run as a process from the packaged jar with its output through a
 * pipe: what a CI job or {@code ota registry list | less} sees. In-process tests capture output in memory and so
 * missed that text printed without a newline never reached stdout before the JVM exited.
 */
class CliProcessIT {
    static final String APP = "com.example.shop";
    @TempDir
    static Path dir;
    static String staging;
    static String prod;
    static String keys;
    static JsonMetricsServer metrics;
    static String incident;

    @BeforeAll
    static void release() throws IOException {
        staging = "file://" + dir.resolve("staging");
        prod = "file://" + dir.resolve("prod");
        keys = dir.resolve("trusted-keys.json").toString();
        for (String k : List.of("release", "channel")) {
            ok("keygen", "--key-id", k, "--private-key", dir.resolve(k + ".pem").toString(), "--trusted-keys", keys);
        }
        for (String v : List.of("1.0.0", "1.1.0")) {
            Path www = dir.resolve("www-" + v);
            Files.createDirectories(www.resolve("js"));
            Files.writeString(www.resolve("index.html"), "<html>" + v + "</html>");
            Files.writeString(www.resolve("js/app.js"), "console.log('shared');");
            ok(cat(List.of("sign", www.toString(), "--app-id", APP, "--bundle-version", v), signer("release")));
            ok("stage", www.toString(), "--store", staging, "--trusted-keys", keys);
        }
        ok(cat(List.of("promote", "1.0.0", "--from-store", staging, "--store", prod, "--percent", "100"), channel()));
        ok(cat(List.of("promote", "1.1.0", "--from-store", staging, "--store", prod, "--percent", "5"), channel()));
        // Prometheus's increase() gives fractional session counts
        metrics = JsonMetricsServer.start().healthy("1.0.0").healthy("1.1.0").set("sessions", "1.1.0", 8866.62);
        incident = ok("incident", "open", "--store", prod, "--app-id", APP, "--version", "1.1.0", "--severity", "SEV-3",
                "--summary", "slow checkout", "--impact", "2% of checkouts", "--actor", "bob").out().strip();
    }

    @AfterAll
    static void stop() {
        if (metrics != null) {
            metrics.close();
        }
    }

    static CliRun ok(String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.all()).isZero();
        return r;
    }

    static CliRun ok(List<String> args) {
        return ok(args.toArray(String[]::new));
    }

    static List<String> signer(String key) {
        return List.of("--signer", "file", "--private-key", dir.resolve(key + ".pem").toString(), "--key-id", key);
    }

    static List<String> channel() {
        return cat(List.of("--app-id", APP, "--trusted-keys", keys, "--actor", "ci-bot"), signer("channel"));
    }

    @SafeVarargs
    static List<String> cat(List<String>... parts) {
        List<String> all = new ArrayList<>();
        for (List<String> p : parts) {
            all.addAll(p);
        }
        return all;
    }

    /** The command as a process; it must exit {@code code} and leave no library noise (SLF4J) on stderr. */
    static OtaProcess ota(int code, List<String> args) {
        OtaProcess p = OtaProcess.run(dir, args.toArray(String[]::new));
        assertThat(p.exitCode()).as("ota " + String.join(" ", args) + "\n" + p.all()).isEqualTo(code);
        assertThat(p.err()).doesNotContain("SLF4J");
        return p;
    }

    static OtaProcess ota(String... args) {
        return ota(0, List.of(args));
    }

    @Test
    void registryListAndShowPrintTheirTables() {
        assertThat(ota("registry", "list", "--store", prod, "--app-id", APP).out())
                .startsWith("| Version | Bundle Hash | Status | Released | Retired |")
                .containsPattern("\\| 1\\.1\\.0 \\| [0-9a-f]{12}… \\| canary \\|").endsWith("\n");
        assertThat(ota("registry", "show", "1.0.0", "--store", prod, "--app-id", APP).out())
                .contains("version     1.0.0", "status      ");
    }

    @Test
    void channelShowAndPromotePrintWhereThePointerIs() {
        assertThat(ota(0, List.of("channel", "show", "--store", prod, "--app-id", APP, "--trusted-keys", keys)).out())
                .contains("current   1.1.0 at 5%", "fallback  1.0.0", "signature valid");
        OtaProcess again = ota(0, cat(List.of("promote", "1.1.0", "--store", prod + "/", "--percent", "5"), channel()));
        assertThat(again.out()).startsWith("already promoted " + APP + " 1.1.0 on channel production (" + prod + "/"
                + APP + "/channels/production.json) at 5% (sequence 2)").doesNotContain("prod//");
    }

    @Test
    void keysExportPrintsTheKeyAdded() {
        assertThat(ota(0, cat(List.of("keys", "export", "--trusted-keys", dir.resolve("exported.json").toString()),
                signer("release"))).out()).startsWith("added key release (ECDSA_SHA_256)");
    }

    @Test
    void weeklyAndCorrelateReportsPrintWithoutAnHtmlFile() throws IOException {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(ota("report", "weekly", "--since", today.minusDays(6).toString(), "--until", today.toString(),
                "--store", prod, "--app-id", APP, "--metrics", metrics.spec()).out())
                .contains("RELEASES", "Crash-free sessions");
        Path csv = Files.writeString(dir.resolve("tickets.csv"), "id,version\nT-1,1.1.0\nT-2,1.0.0\n");
        assertThat(ota("report", "correlate", "--tickets", csv.toString(), "--store", prod, "--app-id", APP).out())
                .containsPattern("1\\.1\\.0 +canary +.* 1  50\\.0%").contains("2 tickets in all");
    }

    @Test
    void incidentListTimelineAndPostmortemPrint() {
        assertThat(ota("incident", "list", "--store", prod, "--app-id", APP).out()).startsWith(incident + "  SEV-3");
        assertThat(ota("incident", "timeline", incident, "--store", prod, "--app-id", APP).out())
                .startsWith(incident + "  SEV-3  " + APP + " 1.1.0 on production").contains(" bob ");
        assertThat(ota("incident", "timeline", incident, "--store", prod, "--app-id", APP, "--json").out())
                .startsWith("{").contains("\"schema\":\"ota-incident/1\"").endsWith("}\n");
        assertThat(ota("incident", "postmortem", incident, "--store", prod, "--app-id", APP).out())
                .startsWith("# Postmortem: " + incident);
    }

    @Test
    void canaryVerdictCountsWholeSessions() throws IOException {
        Path verdict = dir.resolve("verdict.json");
        OtaProcess canary = ota("canary", "1.1.0", "--metrics", metrics.spec(), "--baseline-version", "1.0.0",
                "--verdict-file", verdict.toString());
        assertThat(canary.out()).startsWith("canary 1.1.0: PASS, 8866 sessions in 1h\n").doesNotContain("8866.62");
        assertThat(Files.readString(verdict)).contains("\"sessions\":8866,");
    }

    @Test
    void rolloutPrintsItsSteps() {
        OtaProcess rollout = ota(0, cat(List.of("rollout", "1.1.0", "--store", prod, "--metrics", metrics.spec(),
                "--steps", "5", "--check-every", "100ms", "--baseline-version", "1.0.0"), channel()));
        assertThat(rollout.out()).startsWith("rollout of 1.1.0: steps [5]").contains("already at 1.1.0 to 5%",
                "canary 1.1.0: PASS, 8866 sessions");
    }

    @Test
    void fleetSimulatePrintsTheFleet() throws IOException {
        try (StaticFileServer cdn = StaticFileServer.serve(dir.resolve("prod"))) {
            OtaProcess fleet = ota("fleet", "simulate", "--cdn", cdn.url(), "--app-id", APP, "--trusted-keys", keys,
                    "--devices", "5", "--duration", "1s", "--poll-interval", "300ms", "--session-interval", "200ms",
                    "--report-every", "500ms");
            assertThat(fleet.out()).startsWith("fleet: 5 devices on ").contains("fleet: done");
        }
    }

    @Test
    void aCommandThatLoadsTheAwsSdkPrintsOnlyItsOwnError() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        OtaProcess s3 = ota(3, List.of("registry", "list", "--store", "s3://ota-it/prod", "--s3-endpoint",
                "http://127.0.0.1:" + closed, "--app-id", APP));
        assertThat(s3.err()).startsWith("ota registry list: ").hasLineCount(1);
    }

    @Test
    void usageErrorsNameTheCommandAndSuggest() {
        OtaProcess unknown = ota(2, List.of("frobnicate"));
        assertThat(unknown.err()).startsWith("ota: unknown command 'frobnicate'\n").contains("see 'ota --help'");
        OtaProcess typo = ota(2, List.of("registry", "list", "--stor", prod, "--app-id", APP));
        assertThat(typo.err()).startsWith("ota registry list: unknown option '--stor'")
                .contains("did you mean: --store?").doesNotContain("Missing required option");
        assertThat(unknown.out()).isEmpty();
    }
}
