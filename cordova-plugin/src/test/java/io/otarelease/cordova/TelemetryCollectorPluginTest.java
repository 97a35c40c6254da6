package io.otarelease.cordova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.Stager;
import io.otarelease.core.serve.StoreServer;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.telemetry.Collector;
import io.otarelease.core.telemetry.TelemetryLabels;
import io.otarelease.core.testing.ReleaseFixture;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.json.JSONArray;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.ConscryptMode;

/**
 * Issue #18 end to end: the page's events (test/fixtures/page-telemetry.json, the shapes test/telemetry.test.mjs holds
 * www/telemetry.js to in Chromium) and the device client's through the real plugin to the real collector, beside
 * {@code ota serve} as in production ({@link StoreServer} with a {@link Collector} whose labels come from the store),
 * then read back from its Prometheus exposition ({@code GET /metrics}) under the app's, channel's and version's labels.
 */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
@ConscryptMode(ConscryptMode.Mode.OFF)
public class TelemetryCollectorPluginTest {
    static final String APP = ReleaseFixture.APP;
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    ReleaseFixture fx;
    FileStore production;
    StoreServer server;
    Path apkAssets;
    final Map<String, String> prefs = new HashMap<>();
    CordovaHost app;
    Thread.UncaughtExceptionHandler handlerBefore;

    @Before
    public void setUp() throws IOException {
        handlerBefore = Thread.getDefaultUncaughtExceptionHandler();
        Path dir = tmp.getRoot().toPath();
        fx = new ReleaseFixture(dir);
        production = new FileStore(dir.resolve("production"));
        Collector collector = new Collector(Collector.Settings.defaults(TelemetryLabels.fromStore(production,
                System::nanoTime)));
        server = StoreServer.start(production, InetAddress.getLoopbackAddress(), 0, 30, 4, collector);
        apkAssets = dir.resolve("apk-assets");
        TelemetryPluginTest.write(apkAssets.resolve("www/index.html"), "<html>embedded</html>");
        TelemetryPluginTest.write(apkAssets.resolve("ota/trusted-keys.json"),
                new String(fx.trusted.toCanonicalBytes(), StandardCharsets.UTF_8));
        prefs.put("OtaUpdateUrl", server.url().resolve(APP + "/").toString());
        prefs.put("OtaAppId", APP);
        prefs.put("OtaTrustedKeys", "ota/trusted-keys.json");
        prefs.put("OtaCheckOn", "manual");
        // no OtaTelemetryUrl: the default, the update URL's origin, is this ota serve's collector
        prefs.put("OtaTelemetryApiHosts", "api.example.com");
        prefs.put("OtaTelemetrySendIntervalSeconds", "3600"); // the test sends by hand
    }

    @After
    public void tearDown() {
        if (app != null) {
            app.close();
        }
        Thread.setDefaultUncaughtExceptionHandler(handlerBefore);
        server.close();
    }

    CordovaHost start() {
        if (app != null) {
            app.close();
        }
        app = new CordovaHost(prefs, fx.clock, apkAssets, null);
        return app;
    }

    void release(String version) throws IOException {
        FileStore staging = new FileStore(tmp.getRoot().toPath().resolve("staging"));
        new Stager(staging, new StoreRegistry(staging, APP), fx.trusted, fx.clock)
                .stage(fx.bundle(version, new TreeMap<>(ReleaseFixture.files(5, version, 2))));
        new Promoter(fx.context(production)).promote(staging, version, new Percent(100));
    }

    @Test
    public void everyEventKindThePluginSendsIsAcceptedAndShowsUpInTheExpositionUnderItsLabels() throws Exception {
        release("1.1.0");
        CordovaHost first = start();
        assertThat(first.call("check").getString("outcome")).isEqualTo("staged"); // update_check ok, download ok
        fx.clock.advance(Duration.ofSeconds(20));
        CordovaHost second = start(); // 1.1.0 runs on trial, 20 s after its download: install
        fx.clock.advance(Duration.ofMillis(1500));
        // what the page's telemetry.js sends: a thrown error and a rejected promise, ready() with its paint (called
        // 0.5 s before this report: 1.0 s after launch), a 503 and a network error from the opted-in API host
        JSONArray page = new JSONArray(new String(Files.readAllBytes(Path.of("test/fixtures/page-telemetry.json")),
                StandardCharsets.UTF_8));
        second.call("telemetry", page);
        second.call("ready", second.token());
        release("1.2.0");
        Path root = tmp.getRoot().toPath().resolve("production");
        StoreLayout layout = new StoreLayout(APP);
        Files.copy(root.resolve(layout.manifestSignature("1.1.0")), root.resolve(layout.manifestSignature("1.2.0")),
                StandardCopyOption.REPLACE_EXISTING); // a manifest the release key never signed
        assertThat(second.call("check").getString("outcome")).isEqualTo("refused"); // update_check failed, refused
        CordovaHost third = start(); // both earlier sessions are closed and reported
        third.plugin.telemetry.flush();

        scrape(); // the first exposition of a new label set shows it at zero (TelemetryMetrics): Prometheus' view
        Map<String, Double> m = scrape();
        assertThat(sum(m, "ota_telemetry_batches_total")).as("batches the collector answered").isPositive();
        assertThat(m.get("ota_telemetry_batches_total{status=202}")).as("every batch accepted, none refused")
                .isEqualTo(sum(m, "ota_telemetry_batches_total"));
        String v110 = "{app=" + APP + ",channel=production,version=1.1.0}";
        String embedded = "{app=" + APP + ",channel=production,version=embedded}";
        assertThat(m.get("ota_sessions_total" + v110)).isEqualTo(1.0);
        assertThat(m.get("ota_sessions_total" + embedded)).isEqualTo(1.0);
        assertThat(m.get("ota_js_error_sessions_total" + v110)).as("the page's errors").isEqualTo(1.0);
        assertThat(m.get("ota_js_error_sessions_total" + embedded)).isEqualTo(0.0);
        assertThat(m.get("ota_crashed_sessions_total" + v110)).isEqualTo(0.0);
        assertThat(m.get("ota_load_duration_seconds_count" + v110)).isEqualTo(1.0);
        assertThat(m.get("ota_load_duration_seconds_sum" + v110)).isEqualTo(1.0);
        assertThat(m.get("ota_first_contentful_paint_seconds_count" + v110)).isEqualTo(1.0);
        assertThat(m.get("ota_first_contentful_paint_seconds_sum" + v110)).isEqualTo(0.4);
        assertThat(m.get("ota_api_requests_total" + v110)).isEqualTo(2.0);
        assertThat(m.get("ota_api_errors_total" + v110)).as("503 and a network error").isEqualTo(2.0);
        assertThat(m.get("ota_api_duration_seconds_sum" + v110)).isCloseTo(2.81, within(1e-9));
        assertThat(m.get("ota_update_checks_total{app=" + APP + ",channel=production,status=ok,version=embedded}"))
                .isEqualTo(1.0);
        assertThat(m.get("ota_update_checks_total{app=" + APP + ",channel=production,status=failed,version=1.1.0}"))
                .isEqualTo(1.0);
        assertThat(m.get("ota_download_total{app=" + APP + ",channel=production,status=success,version=1.1.0}"))
                .isEqualTo(1.0);
        assertThat(m.get("ota_install_duration_seconds_sum" + v110)).isEqualTo(20.0);
        assertThat(m.get("ota_signature_failures_total{app=" + APP + ",channel=production,version=1.2.0}"))
                .isEqualTo(1.0);
        assertThat(m.keySet()).as("nothing counted under unknown labels")
                .noneMatch(k -> k.contains("=" + TelemetryLabels.OTHER + ",") || k.contains("=" + TelemetryLabels.OTHER + "}"));
    }

    /** {@code GET /metrics}: each sample as {@code name{label=value,...}} (labels sorted) to its value. */
    Map<String, Double> scrape() throws IOException {
        HttpURLConnection c = (HttpURLConnection) server.url().resolve("metrics").toURL().openConnection();
        assertThat(c.getResponseCode()).isEqualTo(200);
        assertThat(c.getContentType()).startsWith("text/plain");
        String text;
        try (InputStream in = c.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Double> samples = new TreeMap<>();
        for (String line : text.split("\n")) {
            Matcher s = SAMPLE.matcher(line);
            if (line.startsWith("#") || !s.matches()) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            Matcher l = LABEL.matcher(s.group(2) == null ? "" : s.group(2));
            while (l.find()) {
                labels.put(l.group(1), l.group(2));
            }
            StringBuilder key = new StringBuilder(s.group(1));
            if (!labels.isEmpty()) {
                key.append('{');
                labels.forEach((k, v) -> key.append(k).append('=').append(v).append(','));
                key.setCharAt(key.length() - 1, '}');
            }
            samples.put(key.toString(), Double.parseDouble(s.group(3)));
        }
        return samples;
    }

    static double sum(Map<String, Double> samples, String metric) {
        return samples.entrySet().stream().filter(e -> e.getKey().startsWith(metric + "{"))
                .mapToDouble(Map.Entry::getValue).sum();
    }
}
