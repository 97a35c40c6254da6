package io.otarelease.pipeline;

import io.otarelease.pipeline.harness.PipelineHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The source-map move the Build stage runs, executed by the real /bin/sh on a real workspace. */
class SourceMapsScriptTest {

    @TempDir
    Path workspace;

    private String run(String bundleDir, String mapsDir) throws Exception {
        String script = (String) new PipelineHarness().srcClass("SourceMaps").getMethod("getMOVE_SCRIPT").invoke(null);
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", script).directory(workspace.toFile()).redirectErrorStream(true);
        pb.environment().put("OTA_BUNDLE_DIR", bundleDir);
        pb.environment().put("OTA_SOURCE_MAPS", mapsDir);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out.trim();
    }

    private void write(String path) throws Exception {
        Path f = workspace.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, path);
    }

    @Test
    void movesEveryMapOutOfTheBundleKeepingPathsAndLeavesTheRest() throws Exception {
        write("app/www/index.html");
        write("app/www/js/index.js");
        write("app/www/js/index.js.map");
        write("app/www/css/deep/dir with space/site.css.map");
        write("app/www/js/'quoted'.map");

        assertThat(run("app/www", "maps; touch pwned")).isEqualTo("3");

        try (Stream<Path> left = Files.walk(workspace.resolve("app/www"))) {
            assertThat(left.filter(Files::isRegularFile).map(p -> workspace.resolve("app/www").relativize(p).toString()))
                    .containsExactlyInAnyOrder("index.html", "js/index.js");
        }
        Path maps = workspace.resolve("maps; touch pwned");
        assertThat(maps.resolve("js/index.js.map")).hasContent("app/www/js/index.js.map");
        assertThat(maps.resolve("css/deep/dir with space/site.css.map")).exists();
        assertThat(maps.resolve("js/'quoted'.map")).exists();
        assertThat(workspace.resolve("pwned")).doesNotExist();
    }

    @Test
    void aBundleWithoutMapsCountsZero() throws Exception {
        write("www/index.html");
        assertThat(run("www", "source-maps")).isEqualTo("0");
        assertThat(workspace.resolve("www/index.html")).exists();
    }
}
