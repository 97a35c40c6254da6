package io.otarelease.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Old option spellings, kept for one release after options were renamed so that each name carries one meaning
 * across all commands (README, "Option names"). An old spelling is rewritten to the new one before parsing, with
 * one line on stderr; it is not an option of its own, so {@code --help} never shows it, required options stay
 * required, and giving both spellings is refused as an option given twice.
 */
final class DeprecatedOptions {
    /**
     * @param command the command as typed after {@code ota} ("promote", "report weekly"), or "*" for every command
     *                that has the replacement
     */
    record Alias(String command, String old, String replacement) {
    }

    static final List<Alias> ALIASES = List.of(
            new Alias("promote", "--from", "--from-store"),
            new Alias("promote", "--to", "--store"),
            new Alias("rollout", "--from", "--from-store"),
            new Alias("rollback", "--to", "--to-version"),
            new Alias("rollback", "--force", "--allow-quarantined"),
            new Alias("report weekly", "--from", "--since"),
            new Alias("report weekly", "--to", "--until"),
            new Alias("*", "--aws-region", "--kms-region"),
            new Alias("canary", "--incident-store", "--store"),
            new Alias("canary", "--incident-app-id", "--app-id"),
            new Alias("canary", "--incident-channel", "--channel"),
            new Alias("notify", "--config", "--notify-config"),
            new Alias("fleet simulate", "--cdn", "--cdn-url"),
            new Alias("incident open", "--version", "--bundle-version"));

    private DeprecatedOptions() {
    }

    /**
     * Walks the arguments as picocli will (subcommand names, option values) and replaces each old spelling that the
     * command it belongs to knows as an alias; everything else is left for picocli to parse or refuse.
     */
    static String[] rewrite(CommandLine root, String[] args) {
        List<String> out = new ArrayList<>(args.length);
        CommandLine current = root;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                out.addAll(List.of(args).subList(i, args.length));
                break;
            }
            String name = arg.split("=", 2)[0];
            CommandSpec spec = current.getCommandSpec();
            if (!arg.startsWith("-") && current.getSubcommands().containsKey(arg)) {
                current = current.getSubcommands().get(arg);
                out.add(arg);
                continue;
            }
            Alias alias = arg.startsWith("--") && spec.findOption(name) == null ? aliasOf(spec, name) : null;
            if (alias != null) {
                PrintWriter err = root.getErr();
                err.println("ota " + commandName(spec) + ": " + alias.old() + " is deprecated and goes away in the "
                        + "next release; use " + alias.replacement());
                err.flush();
                arg = alias.replacement() + arg.substring(name.length());
                name = alias.replacement();
            }
            out.add(arg);
            OptionSpec option = spec.findOption(name);
            // the next argument is this option's value, whatever it looks like
            if (option != null && !arg.contains("=") && option.arity().max() > 0 && i + 1 < args.length) {
                out.add(args[++i]);
            }
        }
        return out.toArray(String[]::new);
    }

    private static Alias aliasOf(CommandSpec spec, String name) {
        String command = commandName(spec);
        for (Alias a : ALIASES) {
            if (a.old().equals(name) && (a.command().equals(command)
                    || (a.command().equals("*") && spec.findOption(a.replacement()) != null))) {
                return a;
            }
        }
        return null;
    }

    /** "report weekly" for {@code ota report weekly}. */
    static String commandName(CommandSpec spec) {
        return spec.qualifiedName(" ").replaceFirst("^ota ?", "");
    }
}
