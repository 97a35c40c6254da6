package io.otarelease.cli;

import io.otarelease.core.OtaException;
import io.otarelease.core.notify.Event;
import io.otarelease.core.notify.EventType;
import io.otarelease.core.notify.MessageFormats;
import io.otarelease.core.notify.Notifier;
import io.otarelease.core.notify.NotifyConfig;
import io.otarelease.core.notify.NotifyReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "notify", mixinStandardHelpOptions = true,
        description = {"Tell the channels about a pipeline event, a release, a rollback or an incident.",
            "Routing, transports (Slack incoming webhook or JSON webhook) and retries come from --notify-config "
                + "(ota-notify/1); webhook URLs come from the environment variables or files it names, never from "
                + "arguments, and are never printed.",
            "  ota notify release --notify-config notify.yaml --app-id com.example.shop --field version=3.4.1 "
                + "--field percent=5 --field 'change=Fixed checkout timeout' --field 'eta=100%% by Friday'"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every routed channel accepted the message (or --best-effort)", "2:bad options, config or fields",
            "3:a channel failed after every retry (each is listed)"})
final class NotifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "EVENT", description = "pipeline, release, rollback or incident.")
    String type;

    @Option(names = "--notify-config", paramLabel = "FILE",
            description = "The ota-notify/1 YAML (required unless --dry-run).")
    Path config;

    @Option(names = "--app-id", required = true, paramLabel = "ID", description = "Application id.")
    String appId;

    @Option(names = "--field", paramLabel = "NAME=VALUE",
            description = "A field of the message; the event's template says which are needed (repeatable).")
    List<String> fields = List.of();

    @Option(names = "--dry-run", description = "Print the message instead of sending it.")
    boolean dryRun;

    @Option(names = "--best-effort", description = "Exit 0 even when a channel failed (it is still reported).")
    boolean bestEffort;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> f = new LinkedHashMap<>();
        for (String kv : fields) {
            int eq = kv.indexOf('=');
            if (eq < 1) {
                throw new OtaException.BadInput("--field must be NAME=VALUE but is \"" + kv + "\"");
            }
            f.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        Event event = Event.of(EventType.parse(type, "EVENT"), appId, Clock.systemUTC().instant()
                .truncatedTo(ChronoUnit.SECONDS), f);
        if (dryRun) {
            out.println(MessageFormats.text(event));
            return 0;
        }
        if (config == null) {
            throw new OtaException.BadInput("--notify-config FILE is required (or --dry-run)");
        }
        NotifyReport report = new Notifier(NotifyConfig.load(config, System.getenv()), Notifier.Sleeper.REAL).send(event);
        if (report.deliveries().isEmpty()) {
            out.println("no channel is routed for " + event.type().label() + " events in " + config);
        }
        report.lines().forEach(out::println);
        if (report.anyFailed() && !bestEffort) {
            throw new OtaException.Infrastructure("a notification could not be delivered (see above)");
        }
        return 0;
    }
}
