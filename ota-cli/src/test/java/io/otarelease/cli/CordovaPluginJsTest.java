package io.otarelease.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.otarelease.core.testing.RealParts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Cordova plugin's JavaScript tests ({@code npm test} in {@code cordova-plugin/}): the declarations through
 * tsc, then window.otaRelease in Debian's headless Chromium driven by playwright-core, with a fake native side behind
 * cordova.exec, on pages of a release made and served with this build's {@code ota} (sign, stage, serve --preview). Needs Node.js, Chromium ({@code /usr/bin/chromium} or {@code $OTA_CHROMIUM}) and the pinned
 * devDependencies in {@code cordova-plugin/node_modules} ({@code npm ci} there: {@code tools/npm-parts.sh}, run by
 * {@code ./test.sh}, does it). Missing, the test skips itself, or fails in CI ({@link RealParts}).
 */
class CordovaPluginJsTest {
    @Test
    void pluginJavaScriptPassesItsBrowserTests(@TempDir Path tmp) throws IOException, InterruptedException {
        Path plugin = pluginDir();
        assertTrue(plugin != null, "no cordova-plugin/package.json in or above " + Path.of("").toAbsolutePath());
        String chromium = System.getenv().getOrDefault("OTA_CHROMIUM", "/usr/bin/chromium");
        RealParts.require(RealParts.onPath("node") && RealParts.onPath("npm"), "Node.js 20 and npm");
        RealParts.require(Files.isExecutable(Path.of(chromium)), "Chromium at " + chromium + " (apt-get install chromium)");
        RealParts.require(Files.isRegularFile(plugin.resolve("node_modules/playwright-core/package.json"))
                        && Files.isRegularFile(plugin.resolve("node_modules/typescript/package.json")),
                "the plugin's test packages in " + plugin.resolve("node_modules") + " (npm ci in cordova-plugin/)");

        Path log = tmp.resolve("npm-test.log");
        ProcessBuilder pb = new ProcessBuilder("npm", "test").directory(plugin.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OTA_COMMAND", otaCommand());
        Process npm = pb.start();
        boolean finished = npm.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            npm.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(finished, "npm test in " + plugin + " did not finish in 10 minutes:\n" + output);
        assertEquals(0, npm.exitValue(), "npm test in " + plugin + " failed:\n" + output);
        assertTrue(output.contains("# fail 0") && !output.contains("# pass 0"), "no browser test ran:\n" + output);
    }

    /**
     * The `ota` command the harness runs (keygen, sign, stage, serve --preview) as a JSON array: this build's classes
     * on this JVM, rather than the repository's launcher, which would rebuild the jar in the middle of a test run.
     */
    private static String otaCommand() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return "[" + quote(java) + ", \"-XX:+UseSerialGC\", \"-cp\", " + quote(cp) + ", \"io.otarelease.cli.Ota\"]";
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Path pluginDir() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("cordova-plugin/package.json"))) {
                return d.resolve("cordova-plugin");
            }
        }
        return null;
    }
}
