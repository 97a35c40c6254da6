package io.otarelease.cli;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.CanaryCheck;
import io.otarelease.core.canary.MetricSources;
import io.otarelease.core.canary.RollbackHook;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.canary.Verdict;
import io.otarelease.core.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "canary", mixinStandardHelpOptions = true,
        description = {"Read the KPIs of a version in canary and decide: PASS (widen the rollout), FAIL (roll back) or "
            + "INSUFFICIENT_DATA (too few sessions to judge; never promote on silence).",
            "Levels are the operations guide's KPI tables unless --thresholds overrides them. A metrics source that "
                + "cannot answer is an infrastructure error, never a pass."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:PASS", "1:FAIL (each breached KPI is printed with its value and threshold)",
            "2:bad options or thresholds file", "3:the metrics source failed (unreachable, bad query, no data)",
            "4:INSUFFICIENT_DATA"})
final class CanaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "VERSION", description = "The version under test.")
    String version;

    @Option(names = "--metrics", required = true, paramLabel = "prometheus:URL|json:URL",
            description = "Prometheus (HTTP API) or a JSON monitoring API answering GET URL/<kpi>?version=V&window=W.")
    String metrics;

    @Option(names = "--baseline-version", paramLabel = "V",
            description = "The previous version: the API error rate is judged against it, JS errors for the severity.")
    String baselineVersion;

    @Option(names = "--thresholds", paramLabel = "FILE", description = "YAML overriding the built-in KPI levels and queries.")
    Path thresholdsFile;

    @Option(names = "--window", paramLabel = "DURATION", description = "Window read for each KPI (default: the thresholds' window, 1h).")
    String window;

    @Option(names = "--min-sessions", paramLabel = "N", description = "Sessions needed to judge (default: the thresholds' minSessions, 500).")
    Long minSessions;

    @Option(names = "--verdict-file", paramLabel = "FILE",
            description = "Write the verdict as canonical JSON (an earlier file is removed first, so it never goes stale).")
    Path verdictFile;

    @Option(names = "--rollback-on-fail", description = "On FAIL, roll the channel back to the previous release "
            + "(needs --store, --app-id, --trusted-keys and the signer options, as 'ota rollback').")
    boolean rollbackOnFail;

    @picocli.CommandLine.Mixin
    RollbackTargetOptions target;

    @picocli.CommandLine.Mixin
    CanaryIncidentOptions incident;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10", description = "Per-request timeout (default 10).")
    int timeoutSeconds;

    @Override
    public Integer call() throws IOException {
        if (timeoutSeconds < 1 || timeoutSeconds > 300) {
            throw new OtaException.BadInput("--timeout must be between 1 and 300 seconds");
        }
        Thresholds thresholds = thresholdsFile == null ? Thresholds.defaults() : Thresholds.load(thresholdsFile);
        var request = new CanaryCheck.Request(version, baselineVersion, window == null ? thresholds.window() : window,
                minSessions == null ? thresholds.minSessions() : minSessions);
        var source = MetricSources.parse(metrics, Duration.ofSeconds(timeoutSeconds));
        if (rollbackOnFail) {
            target.requireComplete(); // before any query: finding out after a FAIL is too late
        } else if (target.storeUrl != null && target.appId == null) {
            throw new OtaException.BadInput("--store needs --app-id: the incident a FAIL opens is the app's");
        }
        if (verdictFile != null) {
            Files.deleteIfExists(verdictFile);
        }
        CanaryCheck check = new CanaryCheck(source, thresholds, Clock.systemUTC());
        Verdict verdict;
        try {
            RollbackHook rollback = rollbackOnFail ? target.open(spec.commandLine().getErr()) : null;
            verdict = rollback == null ? check.check(request) : check.checkAndRollBack(request, rollback);
        } finally {
            target.close();
        }
        if (verdictFile != null) {
            AtomicFiles.write(verdictFile, verdict.toCanonicalJson());
        }
        verdict.summary().forEach(spec.commandLine().getOut()::println);
        incident.afterVerdict(verdict, target, spec.commandLine().getOut(), spec.commandLine().getErr());
        if (verdict.rollback() != null && !verdict.rollback().performed()) {
            throw new OtaException.Infrastructure("canary FAILED and the rollback failed: " + verdict.rollback().detail());
        }
        return verdict.outcome().exitCode();
    }
}
