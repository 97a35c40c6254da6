package io.otarelease.cli.demo;

import io.otarelease.client.manifest.Source;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.BundleVerifier;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.client.verify.VerifiedBundle;
import io.otarelease.core.OtaException;
import io.otarelease.core.bundle.BundleSigner;
import io.otarelease.core.bundle.ManifestBuilder;
import io.otarelease.core.io.AtomicFiles;
import io.otarelease.core.io.FileTrees;
import io.otarelease.core.sign.SigningService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the release flow locally on the sample app bundle, with no account or server:",
            "make a development key, write and sign the manifest, verify the bundle as a device would, tamper "
                + "with a copy and watch verification refuse it; then stage it to a local store, promote it to 5%% "
                + "and 100%%, release a second version and roll it back.",
            "Everything is written under --work (a new temporary directory by default)."})
public final class DemoCommand implements Callable<Integer> {
    static final String APP_ID = "com.example.shop";

    @Spec
    CommandSpec spec;

    @Option(names = "--bundle", paramLabel = "DIR",
            description = "The sample bundle (default: examples/app/www of this repository).")
    Path bundle;

    @Option(names = "--work", paramLabel = "DIR", description = "Working directory (default: a new temporary one).")
    Path work;

    private PrintWriter out;

    @Override
    public Integer call() throws IOException {
        out = spec.commandLine().getOut();
        Path sample = bundle != null ? bundle : defaultBundle();
        Path dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("ota-demo-");
        out.println("OTA Release demo — working in " + dir);

        step("1. Copy the sample app bundle");
        Path www = dir.resolve("releases/1.0.0/www");
        FileTrees.copy(sample, www);
        out.println("   " + sample + " -> " + www);

        step("2. Set up the signing key (an HSM behind the signing server when SoftHSM2 is installed)");
        Path keys = dir.resolve("keys");
        Path trustedKeysFile = keys.resolve("trusted-keys.json");
        // the signer stays open for the whole demo: the release steps sign a second version with it
        try (DemoSigning signing = DemoSigning.open(keys, out)) {
            TrustedKeys trusted = new TrustedKeys(List.of(signing.signer().trustedKey()));
            AtomicFiles.write(trustedKeysFile, trusted.toCanonicalBytes());
            out.println("   trusted keys " + trustedKeysFile);

            step("3. Hash the bundle into manifest.json and sign it");
            BundleSigner.Result signed = BundleSigner.sign(www, new ManifestBuilder().appId(APP_ID).version("1.0.0")
                    .minNativeVersion("1.0.0").source(new Source(null, "ota/v1.0.0", null)),
                    new SigningService(signing.signer(), Clock.systemUTC()));
            out.printf("   %d files, %d bytes, bundleHash %s%n", signed.manifest().files().size(),
                    signed.manifest().totalBytes(), signed.manifest().bundleHash());
            out.printf("   signed by %s with %s%n", signed.envelope().keyId(), signed.envelope().algorithm());

            step("4. Verify the bundle as a device would");
            VerifiedBundle verified = verify(trusted, www);
            out.printf("   valid: %s %s signed by %s%n", verified.manifest().appId(), verified.manifest().version(),
                    verified.key().keyId());

            String victim = signed.manifest().files().stream().filter(f -> f.size() > 1).reduce((a, b) ->
                    b.path().endsWith(".js") ? b : a).orElseThrow().path();
            step("5. Tamper with a copy: one bit of " + victim + " changes after signing");
            Path tampered = dir.resolve("tampered/www");
            FileTrees.copy(www, tampered);
            Path js = tampered.resolve(victim);
            byte[] bytes = Files.readAllBytes(js);
            bytes[bytes.length - 2] ^= 0x01; // same size, one bit different
            Files.write(js, bytes);
            try {
                new BundleVerifier(trusted).verify(tampered);
                throw new OtaException.CheckFailed("the tampered bundle verified; this must never happen");
            } catch (VerificationException e) {
                out.println("   refused: " + e.getMessage());
            }

            new GateDemo(out, this::step).run(www, trusted, dir);
            new TrustDemo(out, this::step).run(dir.resolve("trust-demo"), APP_ID);
            new ReleaseDemo(out, dir, signing.signer()).run(www, trustedKeysFile, APP_ID);
            // the incident is about the rollback of the release demo; the fleet then adds releases of its own
            new IncidentDemo(out, dir).run(APP_ID);
            new FleetDemo(out, this::step).run(dir, signing.signer(), trustedKeysFile, APP_ID);
        }

        step("Done");
        out.println("   Every step above is a command of its own: ota manifest, ota sign, ota verify, ota gate, "
                + "ota keygen, ota keys init|rotate|revoke, ota stage, ota promote, ota rollback, ota registry list, "
                + "ota canary, ota incident, ota notify, ota report weekly, ota serve, ota fleet simulate, ota rollout.");
        out.flush();
        return 0;
    }

    /** The bundle's first JavaScript file in path order (any bundle given with --bundle has one to taint). */
    static Path firstScript(Path bundle) throws IOException {
        try (Stream<Path> files = Files.walk(bundle)) {
            return files.filter(p -> p.toString().endsWith(".js") && Files.isRegularFile(p)).sorted().findFirst()
                    .orElseThrow(() -> new OtaException.BadInput(bundle + ": the demo bundle has no .js file"));
        }
    }

    private VerifiedBundle verify(TrustedKeys trusted, Path www) throws IOException {
        try {
            return new BundleVerifier(trusted).verify(www);
        } catch (VerificationException e) {
            throw new OtaException.CheckFailed("the freshly signed bundle did not verify: " + e.getMessage(), e);
        }
    }

    private void step(String title) {
        out.println();
        out.println("==> " + title);
        out.flush();
    }

    private static Path defaultBundle() {
        String home = System.getProperty("ota.home");
        Path p = Path.of(home == null ? "." : home, "examples", "app", "www");
        if (!Files.isDirectory(p)) {
            throw new OtaException.BadInput("sample bundle " + p + " not found; run from the repository root or "
                    + "pass --bundle DIR");
        }
        return p;
    }
}
