package io.otarelease.cli;

import io.otarelease.signer.SignerMain;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "signer", mixinStandardHelpOptions = true,
        description = "The HSM signing server: keys in a PKCS#11 token, clients over mutual TLS.",
        subcommands = SignerCommand.Serve.class)
final class SignerCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Run the signing server until stopped (SIGTERM or Ctrl-C). SIGHUP, or saving the "
                + "configuration file, reloads clients, key permissions and revocations without a restart.",
                "Clients sign with: ota sign --signer remote --signer-url https://HOST:PORT --client-p12 FILE "
                    + "--client-p12-password-env VAR --server-ca ca.pem --key-id ID --algorithm ALG ..."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"2:bad configuration", "3:cannot listen or open the token"})
    static final class Serve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", required = true, paramLabel = "FILE",
                description = "signer.yaml: listen address, TLS files, token, keys, clients, revocations, audit log.")
        Path config;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            SignerMain.serve(config, line -> {
                err.println("ota signer: " + line);
                err.flush();
            });
            return 0;
        }
    }
}
