package io.otarelease.cli;

import io.otarelease.core.OtaException;
import io.otarelease.core.canary.MetricSources;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.io.AtomicFiles;
import io.otarelease.core.report.Rollup;
import io.otarelease.core.report.WeeklyReport;
import io.otarelease.core.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "weekly", mixinStandardHelpOptions = true,
        description = {"The weekly rollup email: releases, delivery and experience health, adoption, incidents and "
            + "next week, from the registry, the audit log, the incident records and the metric source.",
            "Every line cites its source [n]; a missing source gives n/a, never a made-up value."})
final class ReportWeeklyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--since", required = true, paramLabel = "DATE", description = "First day (UTC), e.g. 2026-03-23.")
    String from;

    @Option(names = "--until", required = true, paramLabel = "DATE", description = "Last day (UTC, inclusive).")
    String to;

    @Option(names = "--store", required = true, paramLabel = "URL", description = "The production store.")
    String storeUrl;

    @Option(names = "--app-id", required = true, paramLabel = "ID", description = "Application id.")
    String appId;

    @Option(names = "--metrics", paramLabel = "prometheus:URL|json:URL", description = "Where KPIs are read (else n/a).")
    String metrics;

    @Option(names = "--thresholds", paramLabel = "FILE", description = "KPI levels (default: the built-in ones).")
    Path thresholds;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write the HTML version to FILE.")
    Path html;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    RegistryOptions registry;

    @Override
    public Integer call() {
        LocalDate f = date(from, "--since");
        LocalDate t = date(to, "--until");
        try (Store store = storeOptions.open(storeUrl)) {
            Rollup r = new WeeklyReport(store, appId, registry.open(store, appId),
                    metrics == null ? null : MetricSources.parse(metrics, Duration.ofSeconds(10)),
                    thresholds == null ? Thresholds.defaults() : Thresholds.load(thresholds), Clock.systemUTC())
                    .build(f, t);
            spec.commandLine().getOut().print(r.text());
            if (html != null) {
                AtomicFiles.write(html, r.html().getBytes(StandardCharsets.UTF_8));
                spec.commandLine().getOut().println("HTML: " + html);
            }
            return 0;
        }
    }

    private static LocalDate date(String s, String option) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw new OtaException.BadInput(option + " must be a date like 2026-03-23 but is \"" + s + "\"");
        }
    }
}
