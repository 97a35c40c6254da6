package io.otarelease.cli;

import io.otarelease.client.json.JsonException;
import io.otarelease.core.OtaException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code ota} command: signed, gated, reversible over-the-air releases of web bundles. */
@Command(name = "ota", mixinStandardHelpOptions = true, versionProvider = Ota.Version.class,
        description = {"Signed, gated, reversible over-the-air releases of Cordova and Capacitor web bundles.", ""},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success", "  1  a check said no (verify, gate, canary)", "  2  bad usage or configuration",
            "  3  infrastructure failed (a retry may help)",
            "  4  canary: too few sessions to judge (INSUFFICIENT_DATA)", "",
            "Run 'ota demo' to see the whole flow on a sample bundle, or 'ota COMMAND --help' for one command."})
public final class Ota implements Runnable {
    /** The subcommands, in the order help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(ManifestCommand.class, SignCommand.class, VerifyCommand.class,
            GateCommand.class, KeygenCommand.class, KeysCommand.class, SignerCommand.class, StageCommand.class,
            PromoteCommand.class, RollbackCommand.class, ChannelCommand.class, RegistryCommand.class, GcCommand.class,
            CanaryCommand.class, ReportCommand.class, ServeCommand.class, FleetCommand.class, RolloutCommand.class,
            NotifyCommand.class, IncidentCommand.class, DemoCommand.class, CommandLine.HelpCommand.class);

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(args.length == 0 ? null : args[0]).execute(args));
    }

    /** The configured command line with every subcommand, shared by main and the tests. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The command line for a run whose first argument is {@code first}: when it names a subcommand (other than
     * help), only that one is built. picocli reads the annotations of every command it is given, which was about a
     * third of the CPU time of a short command such as {@code ota manifest}; usage, errors and exit codes are the same.
     */
    static CommandLine commandLine(String first) {
        boolean one = first != null && !first.equals("help")
                && SUBCOMMANDS.stream().anyMatch(c -> name(c).equals(first));
        CommandLine cl = new CommandLine(new Ota());
        for (Class<?> c : SUBCOMMANDS) {
            if (!one || name(c).equals(first)) {
                cl.addSubcommand(c);
            }
        }
        cl.setExecutionExceptionHandler(Ota::handle);
        cl.setParameterExceptionHandler(Ota::badUsage);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Usage errors name the unknown options but never echo the values beside them: a user who types a PIN or a
     * password as an argument must not find it printed into a CI log as well.
     */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        if (e instanceof CommandLine.UnmatchedArgumentException u) {
            var options = u.getUnmatched().stream().filter(a -> a.startsWith("-")).map(a -> a.split("=", 2)[0]).toList();
            err.println("ota " + cl.getCommandName() + ": unknown option(s) " + options
                    + (options.size() < u.getUnmatched().size() ? " and unexpected arguments" : ""));
            if (!u.getSuggestions().isEmpty()) {
                err.println("did you mean: " + String.join(", ", u.getSuggestions()));
            }
        } else {
            err.println("ota " + cl.getCommandName() + ": " + e.getMessage());
        }
        err.println("see 'ota " + cl.getCommandSpec().qualifiedName(" ").replaceFirst("^ota ?", "") + " --help'");
        err.flush();
        return 2;
    }

    /** Domain errors become one line on stderr and their exit code; anything else is a bug worth a trace. */
    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof OtaException oe) {
            err.println("ota " + cl.getCommandName() + ": " + oe.getMessage());
            err.flush();
            return oe.exitCode();
        }
        if (e instanceof JsonException je) {
            err.println("ota " + cl.getCommandName() + ": " + je.getMessage());
            err.flush();
            return 2;
        }
        err.println("ota " + cl.getCommandName() + ": internal error: " + e);
        e.printStackTrace(err);
        err.flush();
        return 3;
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Ota.class.getPackage().getImplementationVersion();
            return new String[] {"ota " + (v == null ? "development build" : v)};
        }
    }
}
