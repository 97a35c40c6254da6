package io.otarelease.cli;

import io.otarelease.client.manifest.Manifest;
import io.otarelease.core.bundle.ManifestBuilder;
import io.otarelease.core.io.AtomicFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "manifest", mixinStandardHelpOptions = true,
        description = {"Hash a bundle directory file by file into DIR/manifest.json.", "",
            "The manifest is canonical JSON (RFC 8785): the same files and options always give the same bytes, "
                + "and its bundleHash is what `sha256sum` prints over the listed files, so coreutils can check it.",
            "Links, '..' or absolute paths, control characters, names that differ only by letter case and empty "
                + "bundles are refused. Source maps (*.map) are left out: they never ship."},
        exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:written", "2:bad bundle or options"})
final class ManifestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The bundle directory (e.g. www/).")
    Path dir;

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "%nManifest:%n")
    ManifestOptions manifest;

    @Override
    public Integer call() {
        ManifestBuilder builder = manifest.builder();
        TerminalProgress progress = TerminalProgress.of(spec.commandLine().getErr(), "hashing");
        ManifestBuilder.Result result = builder.progress(progress).build(dir);
        progress.done();
        Manifest m = result.manifest();
        AtomicFiles.write(dir.resolve(Manifest.FILE_NAME), m.toCanonicalBytes());
        var out = spec.commandLine().getOut();
        out.printf("wrote %s: %s %s%s, %d files, %d bytes%n", dir.resolve(Manifest.FILE_NAME), m.appId(),
                m.version(), m.platform() == null ? "" : " for " + m.platform(), m.files().size(), m.totalBytes());
        out.printf("bundleHash %s%n", m.bundleHash());
        Warnings.sourceMaps(spec.commandLine().getErr(), result.skippedSourceMaps());
        Warnings.platformFiles(spec.commandLine().getErr(), result.skippedPlatformFiles());
        return 0;
    }
}
