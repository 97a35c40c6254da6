package io.otarelease.core.serve;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.core.OtaException;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.Stager;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.testing.ReleaseFixture;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ota serve --preview} over real HTTP: a verified release as a browser loads it. */
class PreviewServerTest {
    @TempDir
    Path dir;
    ReleaseFixture fx;
    FileStore store;
    Path platformWww;
    PreviewServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void release() throws Exception {
        fx = new ReleaseFixture(dir);
        store = new FileStore(dir.resolve("store"));
        Map<String, String> files = new TreeMap<>();
        files.put("index.html", "<html>1.0.0</html>");
        files.put("js/app.js", "console.log(1);");
        files.put("css/app.css", "body{}");
        files.put("img/logo.svg", "<svg/>");
        files.put("data/x.bin", "\u0001");
        new Stager(store, new StoreRegistry(store, ReleaseFixture.APP), fx.trusted, fx.clock)
                .stage(fx.bundle("1.0.0", files));
        platformWww = dir.resolve("platform_www");
        Files.createDirectories(platformWww.resolve("plugins/p/www"));
        Files.writeString(platformWww.resolve("cordova.js"), "// platform cordova.js");
        Files.writeString(platformWww.resolve("plugins/p/www/p.js"), "// plugin p");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(server.url().resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString(UTF_8));
    }

    @Test
    void filesAreServedByManifestPathWithTheirContentTypes() throws Exception {
        server = PreviewServer.start(store, ReleaseFixture.APP + "/1.0.0", fx.trusted, platformWww,
                InetAddress.getLoopbackAddress(), 0);
        assertThat(server.version()).isEqualTo("1.0.0");
        Map<String, String> types = Map.of("", "text/html; charset=utf-8", "index.html", "text/html; charset=utf-8",
                "js/app.js", "text/javascript; charset=utf-8", "css/app.css", "text/css; charset=utf-8",
                "img/logo.svg", "image/svg+xml", "data/x.bin", "application/octet-stream");
        for (var e : types.entrySet()) {
            HttpResponse<String> r = get(e.getKey());
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(e.getKey()).hasValue(e.getValue());
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        }
        assertThat(get("index.html").body()).isEqualTo("<html>1.0.0</html>");
        assertThat(get("manifest.json").statusCode()).isEqualTo(200); // signed into the bundle like any file
        assertThat(get("missing.js").statusCode()).isEqualTo(404);
        assertThat(get("../store/x").statusCode()).isEqualTo(404);
        assertThat(get("favicon.ico").statusCode()).isEqualTo(204);
    }

    @Test
    void platformFilesComeFromThePlatformFolderOnlyAsOnADevice() throws Exception {
        server = PreviewServer.start(store, ReleaseFixture.APP + "/1.0.0", fx.trusted, platformWww,
                InetAddress.getLoopbackAddress(), 0);
        assertThat(get("cordova.js").body()).isEqualTo("// platform cordova.js");
        assertThat(get("cordova.js").headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
        assertThat(get("plugins/p/www/p.js").body()).isEqualTo("// plugin p");
        assertThat(get("cordova_plugins.js").statusCode()).isEqualTo(404);
        assertThat(get("plugins/../../store/x").statusCode()).isEqualTo(404);
        server.close();
        server = PreviewServer.start(store, ReleaseFixture.APP + "/1.0.0", fx.trusted, null,
                InetAddress.getLoopbackAddress(), 0);
        assertThat(get("cordova.js").statusCode()).as("without a platform folder: a plain browser").isEqualTo(404);
    }

    @Test
    void aChannelPreviewsWhatItsSignedPointerServes() throws Exception {
        new Promoter(fx.context(store)).promote(null, "1.0.0", new Percent(100));
        server = PreviewServer.start(store, ReleaseFixture.APP + "/production", fx.trusted, null,
                InetAddress.getLoopbackAddress(), 0);
        assertThat(server.version()).isEqualTo("1.0.0");
        assertThat(get("").body()).isEqualTo("<html>1.0.0</html>");
    }

    @Test
    void aDamagedFileIsNotServedAndAnUnverifiedReleaseNotStarted() throws Exception {
        server = PreviewServer.start(store, ReleaseFixture.APP + "/1.0.0", fx.trusted, null,
                InetAddress.getLoopbackAddress(), 0);
        StoreLayout layout = new StoreLayout(ReleaseFixture.APP);
        Manifest m = Manifest.parse(store.get(layout.manifest("1.0.0")).orElseThrow().bytes());
        String hash = m.files().stream().filter(f -> f.path().equals("js/app.js")).findFirst().orElseThrow().sha256();
        Files.writeString(dir.resolve("store").resolve(layout.blob(hash)), "alert('changed');");
        HttpResponse<String> r = get("js/app.js");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("js/app.js", "does not match the manifest of 1.0.0");
        server.close();
        server = null;

        Files.write(dir.resolve("store").resolve(layout.manifestSignature("1.0.0")),
                store.get(layout.manifest("1.0.0")).orElseThrow().bytes()); // not a signature
        assertThatThrownBy(() -> PreviewServer.start(store, ReleaseFixture.APP + "/1.0.0", fx.trusted, null,
                InetAddress.getLoopbackAddress(), 0)).isInstanceOf(OtaException.CheckFailed.class);
        assertThatThrownBy(() -> PreviewServer.start(store, "1.0.0", fx.trusted, null,
                InetAddress.getLoopbackAddress(), 0)).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("<appId>/<version> or <appId>/<channel>");
        assertThatThrownBy(() -> PreviewServer.start(store, ReleaseFixture.APP + "/beta", fx.trusted, null,
                InetAddress.getLoopbackAddress(), 0)).hasMessageContaining("channel beta of " + ReleaseFixture.APP);
    }
}
