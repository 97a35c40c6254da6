package io.otarelease.cli;

import io.otarelease.core.sign.Signer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "Manage the keys devices trust.",
        subcommands = {KeysCommand.Export.class, TrustCommands.Init.class, TrustCommands.Rotate.class,
            TrustCommands.Revoke.class, TrustCommands.Sign.class, TrustCommands.Publish.class})
final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Add a signer's public key to trusted-keys.json (created when missing).",
                "The private key stays where it is: only the public key is read from the token or service.",
                "  ota keys export --signer pkcs11 --pkcs11-library /usr/lib/softhsm/libsofthsm2.so --key-label ota "
                    + "--pin-env OTA_PIN --key-id ota-2026-a --algorithm ECDSA_SHA_256 --trusted-keys trusted-keys.json"})
    static final class Export implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        SignerOptions signerOptions;

        @Option(names = "--trusted-keys", required = true, paramLabel = "FILE", description = "File to write or add to.")
        Path trustedKeys;

        @Override
        public Integer call() {
            try (Signer signer = signerOptions.open(spec.commandLine().getErr())) {
                var keys = TrustedKeysFiles.add(trustedKeys, signer.trustedKey());
                spec.commandLine().getOut().printf("added key %s (%s) from %s to %s (%d keys)%n", signer.keyId(),
                        signer.algorithm(), signer.describe(), trustedKeys, keys.keys().size());
                return 0;
            }
        }
    }
}
