package io.otarelease.cli;

import io.otarelease.cli.demo.DemoCommand;
import io.otarelease.client.json.JsonException;
import io.otarelease.core.OtaException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

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
            CanaryCommand.class, ReportCommand.class, ServeCommand.class, CollectorCommand.class, FleetCommand.class,
            RolloutCommand.class, NotifyCommand.class, IncidentCommand.class, DoctorCommand.class,
            IamPolicyCommand.class, DemoCommand.class, CommandLine.HelpCommand.class);

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(commandLine(args.length == 0 ? null : args[0]), args));
    }

    /**
     * Runs a command on this process's stdout and stderr and flushes both before returning: picocli's writers
     * flush only on println/printf, so a report printed with print would be lost when the JVM exits.
     */
    static int run(CommandLine cl, String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, Charset.defaultCharset()), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, Charset.defaultCharset()), true);
        cl.setOut(out);
        cl.setErr(err);
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
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
        CommandLine cl = new CommandLine(new Ota()) {
            @Override
            public int execute(String... args) {
                return super.execute(DeprecatedOptions.rewrite(this, args));
            }
        };
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
     * password as an argument must not find it printed into a CI log as well. A mistyped option is reported as
     * such (with suggestions) even when picocli first noticed the required option it failed to give.
     */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        String name = cl.getCommandSpec().qualifiedName();
        List<String> unmatched = e instanceof CommandLine.UnmatchedArgumentException u ? u.getUnmatched()
                : cl.getParseResult() == null ? List.of() : cl.getParseResult().unmatched();
        List<String> options = unmatched.stream().filter(a -> a.startsWith("-")).map(a -> a.split("=", 2)[0]).toList();
        if (e instanceof CommandLine.UnmatchedArgumentException u && !cl.getSubcommands().isEmpty()
                && !unmatched.isEmpty() && !unmatched.get(0).startsWith("-")) {
            err.println(name + ": unknown command '" + unmatched.get(0) + "'");
            suggest(err, u.getSuggestions());
        } else if (!options.isEmpty()) {
            err.println(name + ": unknown option" + (options.size() == 1 ? " " : "s ") + quoted(options)
                    + (strays(unmatched) > 0 ? " and unexpected arguments" : ""));
            suggest(err, new CommandLine.UnmatchedArgumentException(cl, List.of(options.get(0))).getSuggestions());
        } else if (!unmatched.isEmpty()) {
            err.println(name + ": unexpected argument" + (unmatched.size() == 1 ? "" : "s") + " (values not shown)");
        } else {
            err.println(name + ": " + e.getMessage());
        }
        err.println("see '" + name + " --help'");
        err.flush();
        return 2;
    }

    /** Arguments that are neither options nor the value right after an unknown option (--stor URL). */
    private static long strays(List<String> unmatched) {
        return IntStream.range(0, unmatched.size()).filter(i -> !unmatched.get(i).startsWith("-")
                && (i == 0 || !unmatched.get(i - 1).startsWith("-") || unmatched.get(i - 1).contains("="))).count();
    }

    private static String quoted(List<String> words) {
        return words.stream().map(w -> "'" + w + "'").collect(Collectors.joining(", "));
    }

    private static void suggest(PrintWriter err, List<String> suggestions) {
        if (!suggestions.isEmpty()) {
            err.println("did you mean: " + String.join(", ", suggestions) + "?");
        }
    }

    /** Domain errors become one line on stderr and their exit code; anything else is a bug worth a trace. */
    private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        String name = cl.getCommandSpec().qualifiedName();
        if (e instanceof OtaException oe) {
            err.println(name + ": " + oe.getMessage());
            err.flush();
            return oe.exitCode();
        }
        if (e instanceof JsonException je) {
            err.println(name + ": " + je.getMessage());
            err.flush();
            return 2;
        }
        err.println(name + ": internal error: " + e);
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
