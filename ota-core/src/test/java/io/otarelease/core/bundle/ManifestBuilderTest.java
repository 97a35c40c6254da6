package io.otarelease.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.core.OtaException;
import io.otarelease.core.testing.Bundles;
import io.otarelease.core.testing.Processes;
import io.otarelease.core.testing.RealParts;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestBuilderTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-29T14:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private ManifestBuilder builder() {
        return new ManifestBuilder().appId("com.example.shop").version("3.4.1").clock(CLOCK);
    }

    @Test
    void theSameBundleGivesByteIdenticalManifests() {
        Bundles.sample(dir);
        byte[] a = builder().threads(1).build(dir).manifest().toCanonicalBytes();
        byte[] b = builder().threads(8).build(dir).manifest().toCanonicalBytes();
        assertThat(a).isEqualTo(b);
        assertThat(Manifest.parse(a).files()).hasSize(5);
    }

    @Test
    void fileHashesAndBundleHashMatchSha256sum() throws Exception {
        RealParts.require(RealParts.onPath("sha256sum"), "sha256sum");
        Bundles.sample(dir);
        Manifest m = builder().build(dir).manifest();

        List<String> cmd = new ArrayList<>(List.of("sha256sum", "--"));
        m.files().forEach(f -> cmd.add(f.path()));
        Processes.Result sums = Processes.run(dir, Map.of(), cmd);
        assertThat(sums.exitCode()).isZero();
        for (ManifestFile f : m.files()) {
            assertThat(sums.output()).contains(f.sha256() + "  " + f.path() + "\n");
        }
        // bundleHash = sha256 of exactly what sha256sum printed, in the manifest's order
        Path listing = Files.writeString(dir.resolve("../listing.txt"), sums.output(), StandardCharsets.UTF_8);
        Processes.Result total = Processes.run(List.of("sha256sum", listing.toString()));
        assertThat(m.bundleHash()).isEqualTo("sha256:" + total.output().substring(0, 64));
    }

    @Test
    void largeFilesStreamAndMatchSha256sum() throws Exception {
        RealParts.require(RealParts.onPath("sha256sum"), "sha256sum");
        Path big = dir.resolve("big.bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(101L * 1024 * 1024 + 7);
            f.seek(50L * 1024 * 1024);
            f.write("not all zeros".getBytes(StandardCharsets.UTF_8));
        }
        long[] lastProgress = {0};
        Manifest m = builder().progress(n -> lastProgress[0] = Math.max(lastProgress[0], n)).build(dir).manifest();
        String expected = Processes.run(List.of("sha256sum", big.toString())).output().substring(0, 64);
        assertThat(m.files()).singleElement().satisfies(f -> {
            assertThat(f.sha256()).isEqualTo(expected);
            assertThat(f.size()).isEqualTo(101L * 1024 * 1024 + 7);
        });
        assertThat(lastProgress[0]).isEqualTo(101L * 1024 * 1024 + 7);
    }

    @Test
    void manifestAndSignatureAndSourceMapsAreNotListed() {
        Bundles.sample(dir);
        Bundles.write(dir, Map.of("manifest.json", "{}", "manifest.sig", "{}", "js/app.js.map", "{}",
                "sub/manifest.json", "listed: only the root one is reserved"));
        ManifestBuilder.Result r = builder().build(dir);
        assertThat(r.manifest().files()).extracting(ManifestFile::path)
                .contains("sub/manifest.json").doesNotContain("manifest.json", "manifest.sig", "js/app.js.map");
        assertThat(r.skippedSourceMaps()).containsExactly("js/app.js.map");
    }

    @Test
    void refusesASymlinkToAFileOutsideTheBundle() throws Exception {
        Bundles.sample(dir.resolve("www"));
        Path outside = Files.writeString(dir.resolve("secret.txt"), "not for devices");
        Files.createSymbolicLink(dir.resolve("www/js/link.js"), outside);
        assertThatThrownBy(() -> builder().build(dir.resolve("www")))
                .isInstanceOf(OtaException.BadInput.class).hasMessage("js/link.js: symbolic links are refused in a bundle");
    }

    @Test
    void refusesASymlinkedDirectoryEvenInsideTheBundle() throws Exception {
        Bundles.sample(dir);
        Files.createSymbolicLink(dir.resolve("alias"), dir.resolve("js"));
        assertThatThrownBy(() -> builder().build(dir)).hasMessage("alias: symbolic links are refused in a bundle");
    }

    @Test
    void refusesNonRegularFiles() throws Exception {
        RealParts.require(RealParts.onPath("mkfifo"), "mkfifo");
        Bundles.sample(dir);
        assertThat(Processes.run(List.of("mkfifo", dir.resolve("js/pipe").toString())).exitCode()).isZero();
        assertThatThrownBy(() -> builder().build(dir)).hasMessage("js/pipe: not a regular file");
    }

    @Test
    void refusesControlCharactersAndShowsThemEscaped() throws Exception {
        Bundles.sample(dir);
        Files.writeString(dir.resolve("evil\u001b[2J.js"), "x");
        assertThatThrownBy(() -> builder().build(dir)).hasMessage("evil\\x1b[2J.js: control character in path");
    }

    @Test
    void refusesNamesThatCollideByLetterCase() throws Exception {
        Bundles.write(dir, Map.of("js/App.js", "a", "js/app.js", "b"));
        assertThatThrownBy(() -> builder().build(dir)).hasMessageContaining("collides with")
                .hasMessageContaining("case-insensitive");
    }

    @Test
    void refusesNamesNotInNfc() throws Exception {
        Bundles.write(dir, Map.of(Normalizer.normalize("caf\u00e9.js", Normalizer.Form.NFD), "x"));
        assertThatThrownBy(() -> builder().build(dir)).hasMessageContaining("not in Unicode NFC form");
    }

    @Test
    void refusesAnEmptyOrMissingBundle() throws Exception {
        Files.createDirectories(dir.resolve("empty/sub"));
        Files.writeString(dir.resolve("empty/manifest.json"), "{}");
        assertThatThrownBy(() -> builder().build(dir.resolve("empty"))).hasMessageContaining("has no files to ship");
        assertThatThrownBy(() -> builder().build(dir.resolve("missing"))).hasMessageContaining("does not exist");
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThatThrownBy(() -> builder().build(file)).hasMessageContaining("is not a directory");
    }

    @Test
    void refusesABadAppIdOrVersion() {
        Bundles.sample(dir);
        assertThatThrownBy(() -> builder().version("v3").build(dir)).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("version \"v3\"");
        assertThatThrownBy(() -> builder().appId("../x").build(dir)).hasMessageContaining("appId");
    }
}
