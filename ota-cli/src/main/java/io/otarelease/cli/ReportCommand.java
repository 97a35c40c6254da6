package io.otarelease.cli;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.MetricSources;
import io.otarelease.core.io.AtomicFiles;
import io.otarelease.core.report.AdoptionChart;
import io.otarelease.core.report.AdoptionReport;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true, description = "Reports on releases.",
        subcommands = {ReportCommand.Adoption.class, ReportWeeklyCommand.class, ReportCorrelateCommand.class,
            CommandLine.HelpCommand.class})
final class ReportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "adoption", mixinStandardHelpOptions = true,
            description = {"Share of active devices on VERSION (ota_active_version) 1 h, 24 h and 72 h after its release "
                + "against the targets (20%%, 80%%, 95%%), and an SVG chart of the curve."})
    static final class Adoption implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "VERSION")
        String version;

        @Option(names = "--metrics", required = true, paramLabel = "prometheus:URL", description = "The Prometheus to ask.")
        String metrics;

        @Option(names = "--released-at", paramLabel = "TIME",
                description = "Release time (ISO-8601, e.g. 2026-03-29T14:00:00Z); default: when a device first reported it.")
        String releasedAt;

        @Option(names = "--lookback", paramLabel = "DAYS", defaultValue = "7",
                description = "How far back to look for the release (default 7 days).")
        int lookbackDays;

        @Option(names = "--chart", paramLabel = "FILE", description = "Where to write the SVG chart (default adoption-VERSION.svg).")
        Path chart;

        @Override
        public Integer call() {
            if (lookbackDays < 1 || lookbackDays > 90) {
                throw new OtaException.BadInput("--lookback must be between 1 and 90 days");
            }
            Instant released = null;
            if (releasedAt != null) {
                try {
                    released = Instant.parse(releasedAt);
                } catch (DateTimeParseException e) {
                    throw new OtaException.BadInput("--released-at must be an ISO-8601 instant like 2026-03-29T14:00:00Z");
                }
            }
            var client = MetricSources.prometheus(metrics, MetricSources.DEFAULT_TIMEOUT);
            AdoptionReport.Result r = new AdoptionReport(client, Clock.systemUTC())
                    .run(version, released, Duration.ofDays(lookbackDays));
            Path out = chart == null ? Path.of("adoption-" + version + ".svg") : chart;
            AtomicFiles.write(out, AdoptionChart.svg(r).getBytes(StandardCharsets.UTF_8));
            PrintWriter w = spec.commandLine().getOut();
            w.printf("adoption of %s (released %s%s)%n", version, r.releasedAt(), r.releaseFound() ? ", first device seen" : "");
            for (AdoptionReport.Reading reading : r.readings()) {
                String after = String.format(Locale.ROOT, "%3d h", reading.milestone().after().toHours());
                String target = String.format(Locale.ROOT, "target >= %.0f%%", reading.milestone().targetPercent());
                if (reading.percent() == null) {
                    w.printf("  %s  %7s  %s  not reached yet (%s)%n", after, "-", target, reading.at());
                } else {
                    w.printf(Locale.ROOT, "  %s  %6.1f%%  %s  %s%n", after, reading.percent(), target,
                            reading.met() ? "met" : "MISSED");
                }
            }
            w.printf(Locale.ROOT, "  now    %6.1f%%  (%.1f h after release)%n", r.nowPercent(),
                    Duration.between(r.releasedAt(), r.now()).toMinutes() / 60.0);
            w.println("chart: " + out);
            return 0;
        }
    }
}
