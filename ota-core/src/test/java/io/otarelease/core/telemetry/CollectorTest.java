package io.otarelease.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.Stager;
import io.otarelease.core.serve.StoreServer;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.testing.ReleaseFixture;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The collector over HTTP, as apps reach it: bad input of every kind is refused with the field at fault and counts
 * nothing (asserted on the /metrics exposition, not on internals), replays are answered 200 and not counted again,
 * a flood from one install is limited by its token bucket (on an injected clock), unknown label values count as
 * "other" and no install id ever becomes a label.
 */
class CollectorTest {
    static final String INSTALL = "install-aaaaaaaaaaaaaaaa";
    final AtomicLong clock = new AtomicLong();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    CollectorServer server;
    int batchNo;

    @BeforeEach
    void start() {
        start(TelemetryLabels.capped(null, null, null, 5, 5, 3), 1, 5);
    }

    void start(TelemetryLabels labels, double perSecond, int burst) {
        if (server != null) {
            server.close();
        }
        server = CollectorServer.start(new Collector(new Collector.Settings(perSecond, burst, Duration.ofHours(1), 1000,
                Duration.ofMinutes(10), 1000, labels, clock::get)), InetAddress.getLoopbackAddress(), 0, 2);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static String event(String type, String version, String fields) {
        return "{\"type\":\"" + type + "\",\"at\":\"2026-12-06T10:01:00Z\",\"version\":\"" + version + "\"" + fields + "}";
    }

    static final String SESSION = event("session", "1.4.2", ",\"cold\":true,\"crashed\":true,\"jsErrors\":2,\"jsErrorsBeforeReady\":0");
    static final String READY = event("ready", "1.4.2", ",\"ttiSeconds\":1.8,\"fcpSeconds\":0.9");
    static final String CHECK = event("update_check", "1.4.2", ",\"outcome\":\"failed\"");
    static final String DOWNLOAD = event("download", "1.4.3", ",\"outcome\":\"ok\",\"bytes\":48213,\"seconds\":2.1");
    static final String INSTALLED = event("install", "1.4.3", ",\"seconds\":0.4");
    static final String REFUSED = event("refused", "1.4.3", ",\"reason\":\"signature\"");
    static final String API = event("api", "1.4.2", ",\"status\":503,\"seconds\":0.31");

    String batch(String installId, String batchId, List<String> events) {
        return "{\"schema\":\"ota-telemetry/1\",\"batchId\":\"" + batchId + "\",\"installId\":\"" + installId
                + "\",\"app\":\"com.example.shop\",\"channel\":\"production\",\"platform\":\"android\","
                + "\"nativeVersion\":\"4.2.0\",\"sentAt\":\"2026-12-06T10:15:00Z\",\"events\":["
                + String.join(",", events) + "]}";
    }

    String batch(List<String> events) {
        return batch(INSTALL, String.format("batch-%016d", ++batchNo), events);
    }

    HttpResponse<String> post(String body) throws Exception {
        return post(body, "application/json; charset=utf-8");
    }

    HttpResponse<String> post(String body, String type) throws Exception {
        return http.send(HttpRequest.newBuilder(server.ingestUrl()).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String metrics() throws Exception {
        return http.send(HttpRequest.newBuilder(server.url().resolve("metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** The exposition without the collector's own answer counter: what devices' batches counted. */
    String counted() throws Exception {
        return metrics().lines().filter(l -> !l.contains(TelemetryMetrics.BATCHES)).collect(Collectors.joining("\n"));
    }

    static double value(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
                .findFirst().orElseThrow(() -> new AssertionError(series + " not in\n" + text));
    }

    static final String L = "app=\"com.example.shop\",channel=\"production\",";

    @Test
    void aValidBatchCountsEveryEventOnceAndItsReplayCountsNothing() throws Exception {
        String body = batch(List.of(SESSION, READY, CHECK, DOWNLOAD, INSTALLED, REFUSED, API));
        HttpResponse<String> r = post(body);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(r.body()).isEqualTo("{\"accepted\":7}");
        String first = metrics();
        assertThat(value(first, "ota_sessions_total{" + L + "version=\"1.4.2\"}")).as("first exposition at zero").isZero();
        String m = metrics();
        assertThat(value(m, "ota_sessions_total{" + L + "version=\"1.4.2\"}")).isEqualTo(1);
        assertThat(value(m, "ota_crashed_sessions_total{" + L + "version=\"1.4.2\"}")).isEqualTo(1);
        assertThat(value(m, "ota_js_error_sessions_total{" + L + "version=\"1.4.2\"}")).isEqualTo(1);
        assertThat(value(m, "ota_update_checks_total{" + L + "status=\"failed\",version=\"1.4.2\"}")).isEqualTo(1);
        assertThat(value(m, "ota_update_checks_total{" + L + "status=\"ok\",version=\"1.4.2\"}")).isZero();
        assertThat(value(m, "ota_download_total{" + L + "status=\"success\",version=\"1.4.3\"}")).isEqualTo(1);
        assertThat(value(m, "ota_signature_failures_total{" + L + "version=\"1.4.3\"}")).isEqualTo(1);
        assertThat(value(m, "ota_api_requests_total{" + L + "version=\"1.4.2\"}")).isEqualTo(1);
        assertThat(value(m, "ota_api_errors_total{" + L + "version=\"1.4.2\"}")).isEqualTo(1);
        assertThat(value(m, "ota_api_duration_seconds_bucket{" + L + "version=\"1.4.2\",le=\"0.25\"}")).isZero();
        assertThat(value(m, "ota_api_duration_seconds_bucket{" + L + "version=\"1.4.2\",le=\"0.5\"}")).isEqualTo(1);
        assertThat(value(m, "ota_first_contentful_paint_seconds_bucket{" + L + "version=\"1.4.2\",le=\"1.0\"}")).isEqualTo(1);
        assertThat(value(m, "ota_first_contentful_paint_seconds_bucket{" + L + "version=\"1.4.2\",le=\"0.5\"}")).isZero();
        assertThat(value(m, "ota_load_duration_seconds_count{" + L + "version=\"1.4.2\"}")).isEqualTo(1);
        assertThat(value(m, "ota_install_duration_seconds_sum{" + L + "version=\"1.4.3\"}")).isEqualTo(0.4);
        assertThat(value(m, "ota_active_version{" + L + "version=\"1.4.2\"}")).as("runs 1.4.2, downloaded 1.4.3").isEqualTo(1);
        assertThat(m).doesNotContain(INSTALL).doesNotContain("batch-");

        String before = counted();
        HttpResponse<String> replay = post(body);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(counted()).isEqualTo(before);
        assertThat(value(metrics(), TelemetryMetrics.BATCHES + "{status=\"200\"}")).isEqualTo(1);
    }

    @Test
    void badInputIsRefusedWithTheFieldAndCountsNothing() throws Exception {
        assertThat(post(batch(List.of(SESSION))).statusCode()).isEqualTo(202);
        metrics(); // the label set's zero exposition
        String before = counted();
        String good = batch(List.of(SESSION, READY));
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"{\"schema\": \"ota-telemetry/1\", ", ""});
        cases.add(new String[] {"[]", ""});
        cases.add(new String[] {good.replace("\"schema\":\"ota-telemetry/1\"", "\"schema\":\"ota-telemetry/2\""), "schema"});
        cases.add(new String[] {good.replace("\"installId\":\"" + INSTALL + "\",", ""), "installId"});
        cases.add(new String[] {good.replace("\"installId\":\"" + INSTALL + "\"", "\"installId\":\"short\""), "installId"});
        cases.add(new String[] {good.replace("\"platform\":\"android\"", "\"platform\":\"windows\""), "platform"});
        cases.add(new String[] {good.replace("\"app\":\"com.example.shop\"", "\"app\":\"com.example.shop\",\"user\":\"x\""), "user"});
        cases.add(new String[] {good.replace("\"app\":\"com.example.shop\"", "\"app\":\"com.example.shop\",\"app\":\"b\""), ""});
        cases.add(new String[] {good.replace("\"sentAt\":\"2026-12-06T10:15:00Z\"", "\"sentAt\":\"2026-12-06T10:15:00+02:00\""), "sentAt"});
        cases.add(new String[] {good.replace("\"sentAt\":\"2026-12-06T10:15:00Z\"", "\"sentAt\":\"2026-02-30T10:15:00Z\""), "sentAt"});
        cases.add(new String[] {batch(List.of(SESSION, READY.replace("1.8", "\"1.8\""))), "events[1].ttiSeconds"});
        cases.add(new String[] {batch(List.of(SESSION, READY.replace("1.8", "3601"))), "events[1].ttiSeconds"});
        cases.add(new String[] {batch(List.of(SESSION, READY.replace("1.8", "-1"))), "events[1].ttiSeconds"});
        cases.add(new String[] {batch(List.of(SESSION.replace("\"jsErrors\":2", "\"jsErrors\":2.5"))), "events[0].jsErrors"});
        cases.add(new String[] {batch(List.of(SESSION.replace("\"crashed\":true", "\"crashed\":1"))), "events[0].crashed"});
        cases.add(new String[] {batch(List.of(SESSION.replace(",\"cold\":true", ""))), "events[0].cold"});
        cases.add(new String[] {batch(List.of(SESSION, CHECK.replace("failed", "maybe"))), "events[1].outcome"});
        cases.add(new String[] {batch(List.of(API.replace("503", "42"))), "events[0].status"});
        cases.add(new String[] {batch(List.of(DOWNLOAD.replace("48213", "1099511627777"))), "events[0].bytes"});
        cases.add(new String[] {batch(List.of(SESSION, event("crash", "1.4.2", ""))), "events[1].type"});
        cases.add(new String[] {batch(List.of(SESSION, event("session", "../../x", ""))), "events[1].version"});
        cases.add(new String[] {batch(List.of(REFUSED.replace("signature", "Bad Sig"))), "events[0].reason"});
        cases.add(new String[] {batch(List.of()), "events"});
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            many.add(SESSION);
        }
        cases.add(new String[] {batch(many), "events"});
        // all or nothing: 499 good events and a bad last one count nothing
        List<String> lastBad = new ArrayList<>(many.subList(0, 499));
        lastBad.add(API.replace("0.31", "null"));
        cases.add(new String[] {batch(lastBad), "events[499].seconds"});
        for (String[] c : cases) {
            HttpResponse<String> r = post(c[0]);
            assertThat(r.statusCode()).as(c[0].length() > 300 ? c[1] : c[0]).isEqualTo(400);
            assertThat(r.body()).as(c[1]).contains("\"field\":\"" + c[1] + "\"").contains("\"error\":\"");
        }
        assertThat(counted()).isEqualTo(before);
        assertThat(value(metrics(), "ota_telemetry_batches_total{status=\"400\"}")).isEqualTo(cases.size());
    }

    @Test
    void bodiesOverTheLimitOrOfTheWrongTypeAreRefusedBeforeParsing() throws Exception {
        String before = counted();
        List<String> events = new ArrayList<>();
        while (events.size() < 500) {
            events.add(SESSION.replace("\"cold\":true", "\"cold\":true" + " ".repeat(600)));
        }
        String huge = batch(events);
        assertThat(huge.length()).isGreaterThan(Collector.MAX_BODY_BYTES);
        assertThat(post(huge).statusCode()).isEqualTo(413);
        // without a Content-Length (chunked) the limit holds while reading
        HttpResponse<String> chunked = http.send(HttpRequest.newBuilder(server.ingestUrl())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(post(batch(List.of(SESSION)), "text/plain").statusCode()).isEqualTo(415);
        assertThat(post(batch(List.of(SESSION)), "application/jsonp").statusCode()).isEqualTo(415);
        assertThat(http.send(HttpRequest.newBuilder(server.ingestUrl()).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        assertThat(counted()).isEqualTo(before).doesNotContain("ota_sessions_total{");
    }

    @Test
    void aFloodFromOneInstallIsLimitedByItsBucketAndOthersAreNot() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(post(batch(List.of(SESSION))).statusCode()).isEqualTo(202);
        }
        metrics();
        String before = counted();
        HttpResponse<String> limited = post(batch(List.of(SESSION)));
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
        for (int i = 0; i < 50; i++) {
            assertThat(post(batch(List.of(SESSION))).statusCode()).isEqualTo(429);
        }
        assertThat(counted()).isEqualTo(before);
        assertThat(post(batch("install-bbbbbbbbbbbbbbbb", "other-install-batch-1", List.of(SESSION))).statusCode())
                .as("another install has its own bucket").isEqualTo(202);
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(post(batch(List.of(SESSION))).statusCode()).as("a second later: one more token").isEqualTo(202);
        assertThat(post(batch(List.of(SESSION))).statusCode()).isEqualTo(429);
        assertThat(value(metrics(), "ota_sessions_total{" + L + "version=\"1.4.2\"}")).isEqualTo(7);
    }

    @Test
    void replayMemoryIsBoundedByItsTtl() throws Exception {
        String body = batch(List.of(SESSION));
        assertThat(post(body).statusCode()).isEqualTo(202);
        clock.addAndGet(Duration.ofMinutes(59).toNanos());
        assertThat(post(body).statusCode()).isEqualTo(200);
        clock.addAndGet(Duration.ofMinutes(2).toNanos());
        assertThat(post(body).statusCode()).as("past the TTL the id is forgotten (docs/telemetry.md)").isEqualTo(202);
        BatchIds ids = new BatchIds(clock::get, Long.MAX_VALUE, 3);
        for (int i = 0; i < 10; i++) {
            assertThat(ids.add("id-" + i)).isTrue();
        }
        assertThat(ids.size()).isEqualTo(3);
        assertThat(ids.add("id-9")).isFalse();
    }

    @Test
    void unknownVersionsCountAsOtherAndTheActiveGaugeForgetsSilentInstalls() throws Exception {
        for (String v : List.of("1.0.0", "1.1.0", "1.2.0", "6.6.6", "7.7.7")) {
            assertThat(post(batch("install-" + v.replace(".", "") + "-aaaaaaaaaaaa", "b-" + v.replace(".", "") + "-aaaaaaaaaaaa",
                    List.of(event("session", v, ",\"cold\":true,\"crashed\":false,\"jsErrors\":0,\"jsErrorsBeforeReady\":0"))))
                    .statusCode()).isEqualTo(202);
        }
        assertThat(post(batch("install-emb-aaaaaaaaaaaaa", "b-embedded-aaaaaaaa", List.of(event("session", "embedded",
                ",\"cold\":true,\"crashed\":false,\"jsErrors\":0,\"jsErrorsBeforeReady\":0")))).statusCode()).isEqualTo(202);
        metrics();
        String m = metrics();
        assertThat(value(m, "ota_sessions_total{" + L + "version=\"1.2.0\"}")).isEqualTo(1);
        assertThat(value(m, "ota_sessions_total{" + L + "version=\"other\"}")).as("past the cap of 3").isEqualTo(2);
        assertThat(value(m, "ota_sessions_total{" + L + "version=\"embedded\"}")).as("always known").isEqualTo(1);
        assertThat(m).doesNotContain("6.6.6").doesNotContain("install-");
        assertThat(value(m, "ota_active_version{" + L + "version=\"other\"}")).isEqualTo(2);
        clock.addAndGet(Duration.ofMinutes(11).toNanos());
        assertThat(metrics()).doesNotContain("ota_active_version{");

        start(TelemetryLabels.capped(Set.of("com.example.shop"), Set.of("beta"), Set.of("2.0.0"), 1, 1, 1), 1, 5);
        assertThat(post(batch(List.of(SESSION))).statusCode()).isEqualTo(202);
        assertThat(post(batch(List.of(SESSION)).replace("com.example.shop", "com.evil.app")).statusCode()).isEqualTo(202);
        metrics();
        String listed = metrics();
        assertThat(value(listed, "ota_sessions_total{app=\"com.example.shop\",channel=\"other\",version=\"other\"}")).isEqualTo(1);
        assertThat(value(listed, "ota_sessions_total{app=\"other\",channel=\"other\",version=\"other\"}")).isEqualTo(1);
        assertThat(listed).doesNotContain("com.evil.app").doesNotContain("production");
    }

    @Test
    void besideAStoreOnlyItsAppsChannelsAndReleasesAreNamedAndANewReleaseIsLearned(@TempDir Path dir) throws Exception {
        ReleaseFixture fx = new ReleaseFixture(dir);
        FileStore staging = new FileStore(dir.resolve("staging"));
        FileStore production = new FileStore(dir.resolve("production"));
        for (String v : List.of("1.4.2", "1.4.3")) {
            new Stager(staging, new StoreRegistry(staging, ReleaseFixture.APP), fx.trusted, fx.clock).stage(fx.bundle(v));
        }
        new Promoter(fx.context(production)).promote(staging, "1.4.2", new Percent(100));
        server.close();
        Collector collector = new Collector(new Collector.Settings(1, 100, Duration.ofHours(1), 1000,
                Duration.ofMinutes(10), 1000, TelemetryLabels.fromStore(production, clock::get), clock::get));
        try (StoreServer cdn = StoreServer.start(production, InetAddress.getLoopbackAddress(), 0, 1, 2, collector)) {
            server = CollectorServer.start(collector, InetAddress.getLoopbackAddress(), 0, 1); // closed by stop()
            URI ingest = cdn.url().resolve("v1/telemetry");
            List<String> events = List.of(SESSION, DOWNLOAD, event("session", "9.9.9",
                    ",\"cold\":true,\"crashed\":false,\"jsErrors\":0,\"jsErrorsBeforeReady\":0"));
            assertThat(postTo(ingest, batch(events))).isEqualTo(202);
            assertThat(postTo(ingest, batch(List.of(SESSION)).replace("\"production\"", "\"nightly\""))).isEqualTo(202);
            assertThat(postTo(ingest, batch(List.of(SESSION)).replace(ReleaseFixture.APP, "com.other.app"))).isEqualTo(202);
            get(cdn.url().resolve("metrics"));
            String m = get(cdn.url().resolve("metrics"));
            assertThat(value(m, "ota_sessions_total{" + L + "version=\"1.4.2\"}")).isEqualTo(1);
            assertThat(value(m, "ota_sessions_total{" + L + "version=\"other\"}")).as("9.9.9 is no release").isEqualTo(1);
            assertThat(value(m, "ota_download_total{" + L + "status=\"success\",version=\"other\"}"))
                    .as("1.4.3 is staged, not in production").isEqualTo(1);
            assertThat(value(m, "ota_sessions_total{app=\"" + ReleaseFixture.APP + "\",channel=\"other\",version=\"1.4.2\"}"))
                    .isEqualTo(1);
            assertThat(value(m, "ota_sessions_total{app=\"other\",channel=\"other\",version=\"other\"}")).isEqualTo(1);
            assertThat(m).doesNotContain("9.9.9").doesNotContain("nightly").doesNotContain("com.other.app");

            new Promoter(fx.context(production)).promote(staging, "1.4.3", new Percent(10));
            clock.addAndGet(Duration.ofSeconds(2).toNanos()); // past the store listing's refresh interval
            assertThat(postTo(ingest, batch(List.of(DOWNLOAD)))).isEqualTo(202);
            get(cdn.url().resolve("metrics"));
            assertThat(value(get(cdn.url().resolve("metrics")), "ota_download_total{" + L
                    + "status=\"success\",version=\"1.4.3\"}")).as("a new release is learned").isEqualTo(1);
            assertThat(get(cdn.url().resolve(ReleaseFixture.APP + "/channels/production.json"))).contains("1.4.3");
        }
    }

    int postTo(URI url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    String get(URI url) throws Exception {
        return http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void answersNameNothingButTheUrlsTheyServe() throws Exception {
        assertThat(http.send(HttpRequest.newBuilder(URI.create(server.url() + "v1/telemetry/x"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(server.url() + "registry.json")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }
}
