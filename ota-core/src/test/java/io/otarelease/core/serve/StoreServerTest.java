package io.otarelease.core.serve;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.device.DeviceConfig;
import io.otarelease.client.device.HttpTransport;
import io.otarelease.client.device.Launcher;
import io.otarelease.client.device.Transport;
import io.otarelease.client.device.UpdateClient;
import io.otarelease.client.device.UpdateResult;
import io.otarelease.client.device.DeviceEvents;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.manifest.Manifest;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.release.Stager;
import io.otarelease.core.store.Body;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.testing.ReleaseFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ota serve} over real HTTP on loopback, and a device updating through it. */
class StoreServerTest {
    @TempDir
    Path dir;
    ReleaseFixture fx;
    FileStore staging;
    FileStore production;
    ReleaseContext ctx;
    StoreServer server;
    final HttpClient http = HttpClient.newHttpClient();
    final StoreLayout layout = new StoreLayout(ReleaseFixture.APP);
    Manifest v1;

    @BeforeEach
    void release() throws Exception {
        fx = new ReleaseFixture(dir);
        staging = new FileStore(dir.resolve("staging"));
        production = new FileStore(dir.resolve("production"));
        ctx = fx.context(production);
        v1 = release("1.0.0", ReleaseFixture.files(30, "1.0.0", 0), 100);
        server = StoreServer.start(production, InetAddress.getLoopbackAddress(), 0, 30, 4);
    }

    Manifest release(String version, Map<String, String> files, int percent) throws IOException {
        Path b = fx.bundle(version, files);
        new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock).stage(b);
        new Promoter(ctx).promote(staging, version, new Percent(percent));
        return Manifest.parse(Files.readAllBytes(b.resolve("manifest.json")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve(path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    String blobPath() {
        return "/" + layout.blob(v1.files().get(0).sha256());
    }

    @Test
    void servesBlobsAsImmutableWithTheirHashAsETag() throws Exception {
        HttpResponse<byte[]> r = get(blobPath());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(r.headers().firstValue("ETag")).hasValue("\"" + v1.files().get(0).sha256() + "\"");
        assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(r.body()).hasSize((int) v1.files().get(0).size());
        assertThat(get("/" + layout.manifest("1.0.0")).headers().firstValue("Cache-Control"))
                .hasValue("public, max-age=31536000, immutable");
    }

    @Test
    void channelsGetAShortMaxAgeAndAnsweNotModifiedToTheirETag() throws Exception {
        HttpResponse<byte[]> r = get("/" + layout.channel("production"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=30");
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertThat(r.body()).isEqualTo(production.get(layout.channel("production")).orElseThrow().bytes());
        HttpResponse<byte[]> again = get("/" + layout.channel("production"), "If-None-Match", etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        release("1.1.0", ReleaseFixture.files(30, "1.1.0", 3), 10); // the pointer changes: the old ETag no longer matches
        assertThat(get("/" + layout.channel("production"), "If-None-Match", etag).statusCode()).isEqualTo(200);
    }

    @Test
    void servesSingleByteRangesAndRefusesUnsatisfiableOnes() throws Exception {
        byte[] whole = get(blobPath()).body();
        HttpResponse<byte[]> r = get(blobPath(), "Range", "bytes=2-5");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 2-5/" + whole.length);
        assertThat(r.body()).isEqualTo(java.util.Arrays.copyOfRange(whole, 2, 6));
        assertThat(get(blobPath(), "Range", "bytes=-3").body()).isEqualTo(
                java.util.Arrays.copyOfRange(whole, whole.length - 3, whole.length));
        assertThat(get(blobPath(), "Range", "bytes=4-").body()).hasSize(whole.length - 4);
        HttpResponse<byte[]> past = get(blobPath(), "Range", "bytes=99999-");
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("Content-Range")).hasValue("bytes */" + whole.length);
        // a range for another version of the object (If-Range mismatch) gets the whole body
        assertThat(get(blobPath(), "Range", "bytes=2-5", "If-Range", "\"other\"").statusCode()).isEqualTo(200);
        assertThat(get(blobPath(), "Range", "bytes=0-1,4-5").statusCode()).isEqualTo(200);
    }

    @Test
    void servesOnlyWhatDevicesReadAndOnlyGetAndHead() throws Exception {
        assertThat(production.exists(layout.registry())).isTrue();
        assertThat(get("/" + layout.registry()).statusCode()).isEqualTo(404);
        assertThat(get("/" + production.list(layout.auditPrefix()).get(0)).statusCode()).isEqualTo(404);
        assertThat(get("/com.example.shop/releases/..%2F..%2Fregistry.json/manifest.json").statusCode()).isEqualTo(404);
        assertThat(get("/com.example.shop/blobs/sha256/00/" + "0".repeat(64)).statusCode()).isEqualTo(404);
        assertThat(get(blobPath() + "?x=1").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(server.url().resolve(blobPath()))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(server.url().resolve(blobPath()))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Long.toString(v1.files().get(0).size()));
    }

    @Test
    void servesTheTrustDocumentsDevicesFollowRootsImmutableTheDelegationShortLived() throws Exception {
        for (String name : new String[] {"root/2.json", "root/2.sig", "keys.json", "keys.sig"}) {
            production.putIfAbsent(layout.trust(name), Body.of(("{\"doc\":\"" + name + "\"}").getBytes(UTF_8)));
        }
        HttpResponse<byte[]> root = get("/" + layout.trust("root/2.json"));
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).isEqualTo(production.get(layout.trust("root/2.json")).orElseThrow().bytes());
        assertThat(root.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(get("/" + layout.trust("root/2.sig")).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> keys = get("/" + layout.trust("keys.json"));
        assertThat(keys.statusCode()).isEqualTo(200);
        assertThat(keys.headers().firstValue("Cache-Control")).hasValue("public, max-age=30");
        assertThat(get("/" + layout.trust("keys.sig")).statusCode()).isEqualTo(200);
        production.putIfAbsent(layout.trust("notes.json"), Body.of("{}".getBytes(UTF_8)));
        assertThat(get("/" + layout.trust("notes.json")).statusCode()).isEqualTo(404);
        assertThat(get("/" + layout.trust("root/0.json")).statusCode()).isEqualTo(404);
    }

    @Test
    void bindsLoopbackByDefaultAndRefusesABadPort() {
        assertThat(server.url().getHost()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> StoreServer.start(production, InetAddress.getLoopbackAddress(), 70000, 30, 1))
                .hasMessageContaining("--port");
    }

    @Test
    void aDeviceUpdatesOverHttpDownloadingOnlyTheChangedFiles() throws Exception {
        Transport t = new HttpTransport(server.url().resolve(ReleaseFixture.APP + "/"), Duration.ofSeconds(2),
                Duration.ofSeconds(5));
        DeviceConfig cfg = new DeviceConfig(ReleaseFixture.APP, "production", "device-1", "1.0.0", fx.trusted,
                Clock.systemUTC(), Duration.ofSeconds(10));
        io.otarelease.client.device.FileDeviceStorage storage = new io.otarelease.client.device.FileDeviceStorage(
                dir.resolve("device"), fx.trusted);
        UpdateClient device = new UpdateClient(cfg, t, storage, DeviceEvents.NONE);
        assertThat(device.check().outcome()).isEqualTo(UpdateResult.Outcome.STAGED);
        Launcher launcher = new Launcher(cfg, storage, DeviceEvents.NONE);
        Launcher.Launch l = launcher.launch();
        launcher.scriptStarted(l.token());
        launcher.ready(l.token());

        Map<String, String> files = new TreeMap<>(ReleaseFixture.files(30, "1.0.0", 0));
        files.put("js/f1.js", "// changed 1\n");
        files.put("js/f2.js", "// changed 2\n");
        files.put("index.html", "<html>1.1.0</html>\n");
        Manifest v2 = release("1.1.0", files, 100);
        long before = server.bytesServed();
        UpdateResult r = device.check();
        assertThat(r.outcome()).isEqualTo(UpdateResult.Outcome.STAGED);
        assertThat(r.blobsDownloaded()).isEqualTo(3);
        long blobBytes = v2.files().stream().filter(f -> files.get(f.path()).contains("changed") || f.path()
                .equals("index.html")).mapToLong(io.otarelease.client.manifest.ManifestFile::size).sum();
        long manifestBytes = production.get(layout.manifest("1.1.0")).orElseThrow().bytes().length
                + production.get(layout.manifestSignature("1.1.0")).orElseThrow().bytes().length;
        long pointerBytes = production.get(layout.channel("production")).orElseThrow().bytes().length
                + production.get(layout.channelSignature("production")).orElseThrow().bytes().length;
        assertThat(server.bytesServed() - before).isEqualTo(blobBytes + manifestBytes + pointerBytes);
        assertThat(r.bytesDownloaded()).isEqualTo(blobBytes + manifestBytes);
        Path bundle = storage.bundleDir(v2.bundleHash()); // assembled from the cache and verified whole
        assertThat(bundle.resolve("js/f1.js")).hasContent("// changed 1\n");
        assertThat(bundle.resolve("js/f20.js")).hasContent(files.get("js/f20.js"));
        assertThat(storage.load().pending().version()).isEqualTo("1.1.0");
    }

    @Test
    void theHttpTransportBoundsSizesAndReportsMissingObjects() throws Exception {
        Transport t = new HttpTransport(server.url().resolve(ReleaseFixture.APP + "/"), Duration.ofSeconds(2),
                Duration.ofSeconds(5));
        String blob = blobPath().substring(ReleaseFixture.APP.length() + 2);
        assertThatThrownBy(() -> t.get(blob, null, 3)).isInstanceOf(IOException.class).hasMessageContaining("limit of 3");
        assertThatThrownBy(() -> t.get("releases/9.9.9/manifest.json", null, 1000))
                .isInstanceOf(Transport.NotFoundException.class);
        assertThatThrownBy(() -> t.get("../registry.json", null, 1000)).hasMessageContaining("unsafe path");
        Transport nobody = new HttpTransport(URI.create("http://127.0.0.1:" + io.otarelease.core.testing.PrometheusServer
                .freePort() + "/app/"), Duration.ofSeconds(1), Duration.ofSeconds(1));
        assertThatThrownBy(() -> nobody.get("channels/production.json", null, 1000)).isInstanceOf(IOException.class);
    }
}
