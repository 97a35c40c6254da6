package io.otarelease.cli;

import io.otarelease.core.bundle.BundleSigner;
import io.otarelease.core.sign.Signer;
import io.otarelease.core.sign.SigningService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "sign", mixinStandardHelpOptions = true,
        description = {"Sign a bundle: write DIR/manifest.json (when missing or when manifest options are given) and "
            + "DIR/manifest.sig.", "",
            "The signature covers the exact bytes of manifest.json and is checked against the key's public key "
                + "before it is written. Examples:",
            "  ota sign www --signer pkcs11 --pkcs11-library /usr/lib/softhsm/libsofthsm2.so --key-label ota "
                + "--pin-env OTA_PIN --key-id ota-2026-a --app-id com.example.shop --bundle-version 3.4.1",
            "  ota sign www --signer file --private-key dev.pem --key-id dev --app-id com.example.shop "
                + "--bundle-version 3.4.1"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:signed", "2:bad bundle, options or key", "3:the signer failed"})
final class SignCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The bundle directory.")
    Path dir;

    @Mixin
    SignerOptions signerOptions;

    @ArgGroup(exclusive = false, heading = "%nManifest (to write a new manifest.json):%n")
    ManifestOptions manifest;

    @Override
    public Integer call() {
        try (Signer signer = signerOptions.open(spec.commandLine().getErr())) {
            BundleSigner.Result r = BundleSigner.sign(dir, manifest == null ? null : manifest.builder(),
                    new SigningService(signer, Clock.systemUTC()));
            var out = spec.commandLine().getOut();
            out.printf("%s %s: %s%s, %d files, %d bytes%n", r.manifestWritten() ? "wrote and signed" : "signed",
                    dir.resolve("manifest.json"), r.manifest().version(),
                    r.manifest().platform() == null ? "" : " for " + r.manifest().platform(),
                    r.manifest().files().size(), r.manifest().totalBytes());
            out.printf("bundleHash %s%n", r.manifest().bundleHash());
            out.printf("signature  %s by %s (%s)%n", dir.resolve(BundleSigner.SIGNATURE_FILE), signer.keyId(),
                    signer.algorithm());
            Warnings.sourceMaps(spec.commandLine().getErr(), r.skippedSourceMaps());
            Warnings.platformFiles(spec.commandLine().getErr(), r.skippedPlatformFiles());
            return 0;
        }
    }
}
