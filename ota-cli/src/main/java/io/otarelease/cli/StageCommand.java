package io.otarelease.cli;

import io.otarelease.core.io.IoErrors;
import io.otarelease.core.release.Stager;
import io.otarelease.core.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "stage", mixinStandardHelpOptions = true,
        description = {"Upload a signed bundle to a store, after verifying it as a device would.",
            "Only the files the store lacks are uploaded (content-addressed), in parallel; then the signature and the "
                + "manifest; then a 'staged' registry entry. Staging the same bundle again changes nothing; a "
                + "different bundle under a staged version is refused.",
            "  ota stage www --store s3://acme-ota-staging/apps --trusted-keys trusted-keys.json",
            "  ota stage www --store file:///srv/ota/staging --trusted-keys trusted-keys.json"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:staged", "1:the bundle does not verify", "2:bad options or a different bundle under the "
            + "same version", "3:the store failed (re-run to complete)"})
final class StageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The signed bundle directory.")
    Path dir;

    @Option(names = "--store", required = true, paramLabel = "URL", description = "file:///path or s3://bucket/prefix.")
    String storeUrl;

    @Option(names = "--trusted-keys", required = true, paramLabel = "FILE", description = "trusted-keys.json.")
    Path trustedKeys;

    @Option(names = "--parallel", defaultValue = "8", paramLabel = "N",
            description = "Uploads at once (default: ${DEFAULT-VALUE}).")
    int parallel;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    RegistryOptions registryOptions;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        TerminalProgress progress = TerminalProgress.of(spec.commandLine().getErr(), "uploading");
        try (Store store = storeOptions.open(storeUrl)) {
            var keys = TrustedKeysFiles.read(trustedKeys);
            String appId = io.otarelease.client.manifest.Manifest.parse(
                    readManifest(dir.resolve("manifest.json"))).appId();
            Stager.Result r = new Stager(store, registryOptions.open(store, appId), keys, Clock.systemUTC())
                    .parallelism(parallel).progress((bytes, total, n, nt) -> progress.update(bytes, total)).stage(dir);
            progress.done();
            out.printf("%s %s %s in %s: %d files, %d uploaded (%,d bytes), %d already there%n",
                    r.alreadyStaged() ? "already staged" : "staged", r.appId(), r.version(), store.url(), r.files(),
                    r.blobsUploaded(), r.bytesUploaded(), r.files() - r.blobsUploaded());
            out.printf("bundleHash %s%n", r.bundleHash());
            return 0;
        }
    }

    private static byte[] readManifest(Path p) {
        try {
            return java.nio.file.Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new io.otarelease.core.OtaException.BadInput("cannot read " + p + ": " + IoErrors.reason(e), e);
        }
    }
}
