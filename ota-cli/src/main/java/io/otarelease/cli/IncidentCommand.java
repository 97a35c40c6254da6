package io.otarelease.cli;

import io.otarelease.core.canary.MetricSources;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.incident.CheckItem;
import io.otarelease.core.incident.Incident;
import io.otarelease.core.incident.IncidentText;
import io.otarelease.core.incident.Incidents;
import io.otarelease.core.incident.Phase;
import io.otarelease.core.incident.PostRollbackChecklist;
import io.otarelease.core.incident.Postmortem;
import io.otarelease.core.incident.Runbook;
import io.otarelease.core.io.AtomicFiles;
import io.otarelease.core.notify.Notifier;
import io.otarelease.core.notify.NotifyConfig;
import io.otarelease.core.notify.NotifyReport;
import io.otarelease.core.store.Store;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "incident", mixinStandardHelpOptions = true,
        description = {"Incident records in the production store (<appId>/incidents/<id>.json): open one, add to its "
            + "timeline, tell the channels, run the post-rollback checklist, write the postmortem skeleton.",
            "A canary FAIL opens one by itself when `ota canary` is given --store and --app-id."},
        subcommands = {IncidentCommand.Open.class, IncidentCommand.Timeline.class, IncidentCommand.Note.class,
            IncidentCommand.Communicate.class, IncidentCommand.Check.class, IncidentCommand.PostmortemCmd.class,
            IncidentCommand.ListCmd.class, CommandLine.HelpCommand.class})
final class IncidentCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    // no standard --version here for one release: "--version V" was this command's spelling of --bundle-version and
    // still works as a deprecated alias (DeprecatedOptions)
    @Command(name = "open", description = "Open an incident; prints its id.")
    static final class Open implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;
        @Mixin
        IncidentOptions where;
        @Option(names = "--bundle-version", required = true, paramLabel = "V", description = "The release at fault.")
        String version;
        @Option(names = "--severity", required = true, paramLabel = "SEV-N", description = "SEV-1, SEV-2 or SEV-3.")
        String severity;
        @Option(names = "--summary", required = true, paramLabel = "TEXT", description = "What happened, one line.")
        String summary;
        @Option(names = "--impact", required = true, paramLabel = "TEXT", description = "Who is affected and how.")
        String impact;
        @Option(names = "--detected", paramLabel = "TEXT", defaultValue = "reported by a person",
                description = "What fired (alert, ticket...).")
        String detected;
        @Option(names = "--channel", defaultValue = "production", paramLabel = "NAME", description = "Channel (default: production).")
        String channel;

        @Override
        public Integer call() {
            try (Store store = where.open()) {
                Incident i = where.incidents(store).open(new Incidents.OpenRequest(channel, version, summary, impact,
                        where.actor(), detected, Runbook.forSeverity(severity, where.actor())));
                spec.commandLine().getOut().println(i.id());
                return 0;
            }
        }
    }

    @Command(name = "timeline", mixinStandardHelpOptions = true, description = "Print an incident and its timeline.")
    static final class Timeline implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        IncidentOptions where;
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = "--json", description = "Print the stored record (canonical JSON) instead.")
        boolean json;

        @Override
        public Integer call() {
            try (Store store = where.open()) {
                Incident i = where.incidents(store).store().read(id);
                spec.commandLine().getOut().print(json ? new String(i.toBytes(), StandardCharsets.UTF_8) + "\n"
                        : IncidentText.timeline(i));
                return 0;
            }
        }
    }

    @Command(name = "note", mixinStandardHelpOptions = true,
            description = "Add a line to the timeline (phase resolve also marks the incident resolved).")
    static final class Note implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        IncidentOptions where;
        @Parameters(index = "0", paramLabel = "ID")
        String id;
        @Option(names = "--phase", defaultValue = "note", paramLabel = "PHASE",
                description = "detect, assess, rollback, verify, communicate, investigate, resolve or note.")
        String phase;
        @Option(names = "--text", required = true, paramLabel = "TEXT")
        String text;

        @Override
        public Integer call() {
            try (Store store = where.open()) {
                Incident i = where.incidents(store).note(id, Phase.parse(phase, "--phase"), where.actor(), text);
                spec.commandLine().getOut().println(i.id() + ": " + i.timeline().size() + " timeline entries, " + i.status());
                return 0;
            }
        }
    }

    @Command(name = "communicate", mixinStandardHelpOptions = true,
            description = "Send the incident's status to its channels and record what each said.")
    static final class Communicate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        IncidentOptions where;
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = "--notify-config", required = true, paramLabel = "FILE", description = "ota-notify/1 YAML.")
        Path notifyConfig;
        @Option(names = "--eta", required = true, paramLabel = "TEXT", description = "When it will be resolved.")
        String eta;

        @Override
        public Integer call() {
            try (Store store = where.open()) {
                NotifyReport r = where.incidents(store).communicate(id, where.actor(),
                        new Notifier(NotifyConfig.load(notifyConfig, System.getenv()), Notifier.Sleeper.REAL), eta);
                r.lines().forEach(spec.commandLine().getOut()::println);
                return r.anyFailed() ? 3 : 0;
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Run the post-rollback checklist and record it: the channel pointer fetched through the CDN "
                + "and verified as a device would, the error rate of the served release, the failed release "
                + "quarantined, the incident channel told; the rest is listed for a person."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:no machine check failed", "1:a machine check failed", "2:bad options", "3:store failed"})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        IncidentOptions where;
        @Mixin
        RegistryOptions registry;
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = "--trusted-keys", required = true, paramLabel = "FILE", description = "trusted-keys.json.")
        Path trustedKeys;
        @Option(names = "--cdn-url", paramLabel = "URL",
                description = "The store root as devices reach it through the CDN (https://cdn.example/ota/).")
        URI cdnUrl;
        @Option(names = "--metrics", paramLabel = "prometheus:URL|json:URL", description = "Where the error rate is read.")
        String metrics;
        @Option(names = "--thresholds", paramLabel = "FILE", description = "KPI levels (default: the built-in ones).")
        Path thresholds;

        @Override
        public Integer call() {
            try (Store store = where.open()) {
                Incidents incidents = where.incidents(store);
                Incident i = incidents.verify(id, where.actor(), new PostRollbackChecklist(
                        TrustedKeysFiles.read(trustedKeys), Clock.systemUTC(), registry.open(store, where.appId), cdnUrl,
                        metrics == null ? null : MetricSources.parse(metrics, Duration.ofSeconds(10)),
                        thresholds == null ? Thresholds.defaults() : Thresholds.load(thresholds)));
                PrintWriter out = spec.commandLine().getOut();
                i.checklist().forEach(c -> out.println(c.line()));
                return i.checklist().stream().anyMatch(c -> c.state() == CheckItem.State.FAIL) ? 1 : 0;
            }
        }
    }

    @Command(name = "postmortem", mixinStandardHelpOptions = true,
            description = "Write a blameless postmortem skeleton (Markdown) pre-filled from the record.")
    static final class PostmortemCmd implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        IncidentOptions where;
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE instead of printing.")
        Path out;

        @Override
        public Integer call() {
            try (Store store = where.open()) {
                String md = Postmortem.markdown(where.incidents(store).store().read(id));
                if (out == null) {
                    spec.commandLine().getOut().print(md);
                } else {
                    AtomicFiles.write(out, md.getBytes(StandardCharsets.UTF_8));
                    spec.commandLine().getOut().println("postmortem skeleton: " + out);
                }
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the app's incidents, oldest first.")
    static final class ListCmd implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        IncidentOptions where;

        @Override
        public Integer call() {
            try (Store store = where.open()) {
                for (Incident i : where.incidents(store).store().list()) {
                    spec.commandLine().getOut().printf("%s  %s  %-9s %s  %s%n", i.id(), i.severity(), i.status(),
                            i.openedAt(), i.summary());
                }
                return 0;
            }
        }
    }
}
