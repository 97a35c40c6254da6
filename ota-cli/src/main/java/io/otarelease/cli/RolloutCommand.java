package io.otarelease.cli;

import io.otarelease.core.Durations;
import io.otarelease.core.OtaException;
import io.otarelease.core.canary.CanaryCheck;
import io.otarelease.core.canary.MetricSources;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.io.AtomicFiles;
import io.otarelease.core.release.ChannelStore;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.rollout.ChannelRollback;
import io.otarelease.core.rollout.RolloutPlan;
import io.otarelease.core.rollout.RolloutRunner;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.store.Store;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rollout", mixinStandardHelpOptions = true,
        description = {"Drive a phased rollout: promote VERSION to each percent of --steps, let it run --check-every, "
            + "ask the canary; PASS widens, FAIL rolls back to the previous release and stops, too few sessions waits "
            + "(up to --max-wait) and then stops without widening.",
            "  ota rollout 3.4.1 --from-store s3://acme-staging/ota --store s3://acme-prod/ota --app-id com.example.shop "
                + "--trusted-keys trusted-keys.json --signer pkcs11 ... --metrics prometheus:http://prometheus:9090 "
                + "--steps 5,25,50,100 --check-every 15m --window 1h"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:rolled out to the last step", "1:a canary FAILed and the channel was rolled back",
            "2:bad options", "3:metrics, store or signer failed (nothing widened after the failure), or the rollback failed",
            "4:too few sessions for too long: stopped at the current percent"})
final class RolloutCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "VERSION", description = "The version to roll out (staged, or already in production).")
    String version;

    @Option(names = "--from-store", paramLabel = "URL",
            description = "The staging store to copy the release from (not needed when production holds it).")
    String from;

    @Option(names = "--store", required = true, paramLabel = "URL", description = "The production store.")
    String storeUrl;

    @Option(names = "--metrics", required = true, paramLabel = "prometheus:URL|json:URL", description = "Where the canary reads KPIs.")
    String metrics;

    @Option(names = "--steps", defaultValue = "5,25,50,100", paramLabel = "P,P,...", description = "Percents (default ${DEFAULT-VALUE}).")
    String steps;

    @Option(names = "--check-every", defaultValue = "15m", paramLabel = "DURATION", description = "Run time before each check (default ${DEFAULT-VALUE}).")
    String checkEvery;

    @Option(names = "--window", paramLabel = "DURATION", description = "Metrics window of each check (default: the thresholds' window, 1h).")
    String window;

    @Option(names = "--max-wait", paramLabel = "DURATION",
            description = "Per step, how long too few sessions may go on before stopping (default: 4 × --check-every).")
    String maxWait;

    @Option(names = "--baseline-version", paramLabel = "V",
            description = "What the canary compares with (default: the release the channel serves before the rollout).")
    String baselineVersion;

    @Option(names = "--min-sessions", paramLabel = "N", description = "Sessions needed to judge (default: the thresholds' minSessions).")
    Long minSessions;

    @Option(names = "--thresholds", paramLabel = "FILE", description = "YAML overriding the KPI levels and queries.")
    Path thresholdsFile;

    @Option(names = "--verdict-file", paramLabel = "FILE", description = "Write the last canary verdict as JSON.")
    Path verdictFile;

    @Option(names = "--urgent", description = "Mark the release urgent in every step's signed pointer: devices in "
            + "the rollout apply it as soon as it is verified, not at their next start.")
    boolean urgent;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10", description = "Metrics request timeout (default 10).")
    int timeoutSeconds;

    @Mixin
    ChannelOptions channel;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    SignerOptions signerOptions;

    @Mixin
    CdnOptions cdnOptions;

    @Mixin
    BucketCheckOptions bucketChecks;

    @Override
    public Integer call() throws InterruptedException, java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        ReleaseContext.checkVersion(version);
        Thresholds thresholds = thresholdsFile == null ? Thresholds.defaults() : Thresholds.load(thresholdsFile);
        Duration every = Durations.positive(checkEvery, "--check-every");
        RolloutPlan plan = new RolloutPlan(RolloutPlan.parseSteps(steps), every,
                window == null ? thresholds.window() : window,
                maxWait == null ? every.multipliedBy(4) : Durations.positive(maxWait, "--max-wait"));
        var source = MetricSources.parse(metrics, Duration.ofSeconds(timeoutSeconds));
        if (verdictFile != null) {
            Files.deleteIfExists(verdictFile);
        }
        Instant start = Instant.now();
        try (Store prod = storeOptions.open(storeUrl); Store staging = from == null ? null : storeOptions.open(from);
             Signer signer = signerOptions.open(spec.commandLine().getErr())) {
            bucketChecks.enforce(prod, staging, spec.commandLine().getErr()); // before the first step writes
            ReleaseContext ctx = channel.context(prod, signer, cdnOptions.open());
            String baseline = baselineVersion != null ? baselineVersion : servedBefore(ctx.channelStore().read());
            RolloutRunner.Widen widen = (v, p) -> {
                Promoter.Result r = new Promoter(ctx).cdnPathPrefix(cdnOptions.pathPrefix).waitFor(cdnOptions.waitFor())
                        .urgent(urgent).promote(staging, v, p);
                return (r.pointerChanged() ? "promoted " : "already at ") + v + " to " + p + "% (sequence "
                        + r.sequence() + ")";
            };
            RolloutRunner runner = new RolloutRunner(widen, new CanaryCheck(source, thresholds, Clock.systemUTC()),
                    new ChannelRollback(ctx, cdnOptions.pathPrefix, cdnOptions.waitFor()), d -> Thread.sleep(d.toMillis()),
                    line -> {
                        out.printf("[%s] %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), line);
                        out.flush();
                    });
            out.printf("rollout of %s: steps %s, check every %s over %s, baseline %s%n", version, plan.steps(),
                    checkEvery, plan.window(), baseline == null ? "none" : baseline);
            RolloutRunner.Result r = runner.run(plan, version, baseline,
                    minSessions == null ? thresholds.minSessions() : minSessions);
            if (verdictFile != null && r.last() != null) {
                AtomicFiles.write(verdictFile, r.last().toCanonicalJson());
            }
            out.printf("rollout of %s: %s at %d%% after %d s%n", version, r.outcome(), r.percent().value(),
                    Duration.between(start, Instant.now()).toSeconds());
            if (r.outcome() == RolloutRunner.Outcome.ROLLBACK_FAILED) {
                throw new OtaException.Infrastructure("canary FAILED and the rollback failed: "
                        + r.last().rollback().detail() + "; roll back by hand with 'ota rollback'");
            }
            return r.outcome().exitCode();
        }
    }

    /** The release everyone runs before the rollout: the pointer's current at 100%, else its fallback. */
    private String servedBefore(ChannelStore.State s) {
        if (!s.exists()) {
            return null;
        }
        var p = s.pointer();
        String v = p.current().percent() == 100 ? p.current().version()
                : p.fallback() == null ? null : p.fallback().version();
        return v == null || v.equals(version) ? (p.fallback() == null ? null : p.fallback().version()) : v;
    }
}
