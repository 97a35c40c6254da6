package io.otarelease.cli;

import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.BundleVerifier;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerifiedBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a bundle directory exactly as a device does before applying it:",
            "the signature key is trusted and bound to the algorithm used, the signature verifies over the exact "
                + "bytes of manifest.json, every listed file is present with its size and SHA-256, and no unlisted "
                + "file is present."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the bundle is valid", "1:refused (the first reason is printed)",
            "2:bad options or an unreadable trusted-keys file"})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The bundle directory.")
    Path dir;

    @Option(names = "--trusted-keys", required = true, paramLabel = "FILE",
            description = "trusted-keys.json: the public keys the app embeds.")
    Path trustedKeys;

    @Override
    public Integer call() throws IOException {
        TrustedKeys keys = TrustedKeysFiles.read(trustedKeys);
        try {
            VerifiedBundle v = new BundleVerifier(keys).verify(dir);
            spec.commandLine().getOut().printf("valid: %s %s, %d files, %s, signed by %s (%s)%n",
                    v.manifest().appId(), v.manifest().version(), v.manifest().files().size(),
                    v.manifest().bundleHash(), v.key().keyId(), v.key().algorithm());
            return 0;
        } catch (VerificationException e) {
            spec.commandLine().getOut().println("REFUSED: " + e.getMessage());
            return 1;
        }
    }
}
