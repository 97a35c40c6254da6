package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help renders as written: picocli formats descriptions, so a bare '%' garbles the text. */
class HelpTextTest {

    @Test
    void everyCommandHasHelpWithoutFormatErrors() {
        List<CommandLine> commands = new ArrayList<>();
        collect(Ota.commandLine(), commands);
        assertThat(commands).hasSizeGreaterThan(15);
        List<String> unescaped = new ArrayList<>();
        for (CommandLine command : commands) {
            var usage = command.getCommandSpec().usageMessage();
            List<String> texts = new ArrayList<>(List.of(usage.description()));
            texts.addAll(List.of(usage.footer()));
            texts.stream().filter(t -> t.replace("%%", "").replace("%n", "").contains("%"))
                    .forEach(t -> unescaped.add(command.getCommandName() + ": " + t));
        }
        assertThat(unescaped).as("texts with a bare %% (write %%%%)").isEmpty();
        // picocli reports a text it cannot format (options' descriptions too) on System.err, not the command's err
        PrintStream systemErr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            for (CommandLine command : commands) {
                CliRun help = CliRun.of(path(command).toArray(String[]::new));
                assertThat(help.exitCode()).as(help.all()).isZero();
                assertThat(help.all()).doesNotContain("WARN");
            }
        } finally {
            System.setErr(systemErr);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().stream().distinct()
                .filter(c -> !(c.getCommand() instanceof CommandLine.HelpCommand))
                .forEach(c -> collect(c, into));
    }

    private static List<String> path(CommandLine command) {
        List<String> args = new ArrayList<>();
        for (CommandLine c = command; c.getParent() != null; c = c.getParent()) {
            args.add(0, c.getCommandName());
        }
        args.add("--help");
        return args;
    }
}
