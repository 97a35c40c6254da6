package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.manifest.Manifest;
import io.otarelease.client.manifest.ManifestFile;
import io.otarelease.core.testing.Bundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real prepared Cordova Android www ({@link Bundles#cordovaAndroidPrepared}) through the {@code ota} command:
 * Cordova's platform files (cordova.js with its eval, cordova_plugins.js, plugins/**) are left out of the manifest
 * with one warning line, the gate does not scan them, and verify ignores them beside the signed files.
 */
class CordovaBundleCommandsTest {
    static final List<String> APP_FILES = List.of("css/index.css", "img/logo.png", "index.html", "js/index.js");

    @TempDir
    Path tmp;

    @Test
    void manifestLeavesThePlatformFilesOutWithOneWarningLine() throws Exception {
        Path www = Bundles.cordovaAndroidPrepared(tmp.resolve("www"));
        CliRun r = CliRun.of("manifest", www.toString(), "--app-id", "com.example.shop", "--bundle-version", "1.0.0");
        assertThat(r.exitCode()).as(r.all()).isZero();
        Manifest m = Manifest.parse(Files.readAllBytes(www.resolve("manifest.json")));
        assertThat(m.files()).extracting(ManifestFile::path).containsExactlyElementsOf(APP_FILES);
        List<String> warnings = r.err().lines().filter(l -> l.startsWith("warning:")).toList();
        assertThat(warnings).singleElement().asString()
                .startsWith("warning: cordova.js, cordova_plugins.js, plugins/ (1 file) left out of the manifest")
                .contains("belong to the native app");
        assertThat(r.out()).contains("4 files");
    }

    @Test
    void signThenVerifyThePreparedPlatformWww() throws Exception {
        Path www = Bundles.cordovaAndroidPrepared(tmp.resolve("www"));
        Path key = tmp.resolve("dev.pem");
        Path trusted = tmp.resolve("trusted-keys.json");
        assertThat(CliRun.of("keygen", "--key-id", "dev-a", "--private-key", key.toString(), "--trusted-keys",
                trusted.toString()).exitCode()).isZero();
        CliRun sign = CliRun.of("sign", www.toString(), "--signer", "file", "--private-key", key.toString(),
                "--key-id", "dev-a", "--app-id", "com.example.shop", "--bundle-version", "1.0.0");
        assertThat(sign.exitCode()).as(sign.all()).isZero();
        assertThat(sign.err()).contains("cordova.js, cordova_plugins.js, plugins/ (1 file) left out");

        // the platform files stay in the directory (cordova prepare put them there): still a valid bundle
        CliRun verify = CliRun.of("verify", www.toString(), "--trusted-keys", trusted.toString());
        assertThat(verify.exitCode()).as(verify.all()).isZero();
        // an app file that is not listed is still refused
        Files.writeString(www.resolve("js/extra.js"), "1;");
        CliRun extra = CliRun.of("verify", www.toString(), "--trusted-keys", trusted.toString());
        assertThat(extra.exitCode()).isEqualTo(1);
        assertThat(extra.out()).contains("js/extra.js is not listed");

        // re-signing the existing manifest checks it against the files: the platform files are not "added"
        Files.delete(www.resolve("js/extra.js"));
        CliRun again = CliRun.of("sign", www.toString(), "--signer", "file", "--private-key", key.toString(),
                "--key-id", "dev-a");
        assertThat(again.exitCode()).as(again.all()).isZero();
    }

    @Test
    void gatePassesThePreparedWwwWithoutScanningCordovaJs() throws Exception {
        Path www = Bundles.cordovaAndroidPrepared(tmp.resolve("www"));
        assertThat(Files.readString(www.resolve("cordova.js"))).contains("eval(");
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, "signature:\n  required: false\n");
        CliRun gate = CliRun.of("gate", www.toString(), "--policy", policy.toString());
        assertThat(gate.exitCode()).as(gate.all()).isZero();
        assertThat(gate.out()).contains("3 Cordova platform files not scanned").doesNotContain("cordova.js:");

        // an app file of the same content is scanned and refused: the rule is about the platform's own files
        Files.copy(www.resolve("cordova.js"), www.resolve("js/cordova-copy.js"));
        CliRun copied = CliRun.of("gate", www.toString(), "--policy", policy.toString());
        assertThat(copied.exitCode()).isEqualTo(1);
        assertThat(copied.out()).contains("js/cordova-copy.js:");
    }

    @Test
    void theProjectRootWwwReferencesCordovaJsWithoutCarryingIt() throws Exception {
        Path www = Bundles.cordovaAndroidPrepared(tmp.resolve("www"));
        Files.delete(www.resolve("cordova.js"));
        Files.delete(www.resolve("cordova_plugins.js"));
        Files.delete(www.resolve("plugins/cordova-plugin-demo/www/demo.js"));
        assertThat(Files.readString(www.resolve("index.html"))).contains("<script src=\"cordova.js\"></script>");
        Path policy = tmp.resolve("policy.yaml");
        Files.writeString(policy, "signature:\n  required: false\n");
        CliRun gate = CliRun.of("gate", www.toString(), "--policy", policy.toString());
        assertThat(gate.exitCode()).as(gate.all()).isZero();
        CliRun m = CliRun.of("manifest", www.toString(), "--app-id", "com.example.shop", "--bundle-version", "1.0.0");
        assertThat(m.exitCode()).as(m.all()).isZero();
        assertThat(m.err()).doesNotContain("warning");
    }

    @Test
    void aBundleOfOnlyPlatformFilesSaysWhyItIsEmpty() throws Exception {
        Path www = Bundles.write(tmp.resolve("www"), java.util.Map.of("cordova.js", "x", "plugins/p/a.js", "y"));
        CliRun r = CliRun.of("manifest", www.toString(), "--app-id", "com.example.shop", "--bundle-version", "1.0.0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("has no files to ship").contains("platform files are not shipped");
    }
}
