package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.client.manifest.Manifest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-platform releases through the {@code ota} command on file stores: {@code --platform} is signed into the
 * manifest, each platform is released from its own store, and stage and promote refuse to mix them in one.
 */
class PlatformReleaseCommandsTest {
    @TempDir
    Path tmp;
    Path keys;

    @BeforeEach
    void keys() {
        keys = tmp.resolve("trusted-keys.json");
        for (String k : new String[] {"release", "channel"}) {
            assertThat(CliRun.of("keygen", "--key-id", k, "--private-key", tmp.resolve(k + ".pem").toString(),
                    "--trusted-keys", keys.toString()).exitCode()).isZero();
        }
    }

    String store(String name) {
        return "file://" + tmp.resolve(name);
    }

    /** The same version for android and ios differs by its merges/&lt;platform&gt;/ files. */
    Path signed(String version, String platform) throws Exception {
        Path www = tmp.resolve("www-" + platform + "-" + version);
        Files.createDirectories(www.resolve("js"));
        Files.writeString(www.resolve("index.html"), "<html>shop</html>");
        Files.writeString(www.resolve("js/platform.js"), "window.shopPlatform = '" + platform + "';");
        CliRun r = CliRun.of("sign", www.toString(), "--app-id", "com.example.shop", "--bundle-version", version,
                "--platform", platform, "--signer", "file", "--private-key", tmp.resolve("release.pem").toString(),
                "--key-id", "release");
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(r.out()).contains(version + " for " + platform);
        return www;
    }

    CliRun promote(String version, String from, String to) {
        return CliRun.of("promote", version, "--from-store", from, "--store", to, "--percent", "100", "--app-id",
                "com.example.shop", "--trusted-keys", keys.toString(), "--actor", "ci-bot", "--signer", "file",
                "--private-key", tmp.resolve("channel.pem").toString(), "--key-id", "channel");
    }

    @Test
    void platformIsSignedIntoTheManifestAndAnUnknownOneIsABadOption() throws Exception {
        Path www = signed("1.0.0", "android");
        assertThat(Manifest.parse(Files.readAllBytes(www.resolve("manifest.json"))).platform()).isEqualTo("android");
        assertThat(Files.readString(www.resolve("manifest.json"))).contains("\"platform\":\"android\"");

        CliRun bad = CliRun.of("manifest", www.toString(), "--app-id", "com.example.shop", "--bundle-version", "1.0.0",
                "--platform", "windows");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--platform must be one of android, ios but is \"windows\"");
    }

    @Test
    void eachPlatformHasItsOwnStoreAndStageAndPromoteRefuseToMixThem() throws Exception {
        Path android = signed("2.0.0", "android");
        Path ios = signed("2.0.0", "ios");
        // one release line per platform: the same version in two stores
        for (String[] s : new String[][] {{android.toString(), "staging-android", "prod-android"},
            {ios.toString(), "staging-ios", "prod-ios"}}) {
            CliRun st = CliRun.of("stage", s[0], "--store", store(s[1]), "--trusted-keys", keys.toString());
            assertThat(st.exitCode()).as(st.all()).isZero();
            CliRun p = promote("2.0.0", store(s[1]), store(s[2]));
            assertThat(p.exitCode()).as(p.all()).isZero();
        }

        // the iOS bundle staged where android releases are: refused before anything is written, naming the rule
        CliRun mixed = CliRun.of("stage", ios.toString(), "--store", store("staging-android"), "--trusted-keys",
                keys.toString());
        assertThat(mixed.exitCode()).isEqualTo(2);
        assertThat(mixed.err()).contains("holds android releases (2.0.0), but 2.0.0 is for ios")
                .contains("release each platform from its own store");
        Path ios21 = signed("2.1.0", "ios");
        CliRun mixedNew = CliRun.of("stage", ios21.toString(), "--store", store("staging-android"), "--trusted-keys",
                keys.toString());
        assertThat(mixedNew.exitCode()).isEqualTo(2);
        assertThat(mixedNew.err()).contains("holds android releases (2.0.0), but 2.1.0 is for ios");
        assertThat(tmp.resolve("staging-android/com.example.shop/releases/2.1.0")).doesNotExist();

        // promoting the iOS release into android's production is refused the same way; android keeps serving
        assertThat(CliRun.of("stage", ios21.toString(), "--store", store("staging-ios"), "--trusted-keys",
                keys.toString()).exitCode()).isZero();
        CliRun wrongProd = promote("2.1.0", store("staging-ios"), store("prod-android"));
        assertThat(wrongProd.exitCode()).isEqualTo(2);
        assertThat(wrongProd.err()).contains("holds android releases (2.0.0), but 2.1.0 is for ios");
        assertThat(Files.readString(tmp.resolve("prod-android/com.example.shop/channels/production.json")))
                .contains("\"version\":\"2.0.0\"");
        assertThat(tmp.resolve("prod-android/com.example.shop/releases/2.1.0")).doesNotExist();
        assertThat(promote("2.1.0", store("staging-ios"), store("prod-ios")).exitCode()).isZero();
    }
}
