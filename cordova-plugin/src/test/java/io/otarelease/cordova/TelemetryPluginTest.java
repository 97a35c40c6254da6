package io.otarelease.cordova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.layout.StoreLayout;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.Stager;
import io.otarelease.core.serve.StoreServer;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.testing.ReleaseFixture;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.json.JSONArray;
import org.json.JSONObject;
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
 * The plugin's telemetry from the page's actions and the device client's events to a collector on loopback
 * ({@link CollectorStandIn}, checking docs/telemetry.md's rules), through the real plugin, its queue on disk and its
 * HTTP sender. The device clock is the fixture's and moves by hand; a "restart" is a new plugin over the same storage,
 * a "kill" the same without the activity's onDestroy.
 */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
@ConscryptMode(ConscryptMode.Mode.OFF)
public class TelemetryPluginTest {
    static final String APP = ReleaseFixture.APP;
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    ReleaseFixture fx;
    FileStore production;
    StoreServer server;
    CollectorStandIn collector;
    Path apkAssets;
    final Map<String, String> prefs = new HashMap<>();
    final List<CordovaHost> killed = new ArrayList<>();
    CordovaHost app;
    Thread.UncaughtExceptionHandler handlerBefore;

    @Before
    public void setUp() throws IOException {
        handlerBefore = Thread.getDefaultUncaughtExceptionHandler();
        Path dir = tmp.getRoot().toPath();
        fx = new ReleaseFixture(dir);
        production = new FileStore(dir.resolve("production"));
        server = StoreServer.start(production, InetAddress.getLoopbackAddress(), 0, 30, 4);
        collector = new CollectorStandIn();
        apkAssets = dir.resolve("apk-assets");
        write(apkAssets.resolve("www/index.html"), "<html>embedded</html>");
        write(apkAssets.resolve("ota/trusted-keys.json"), new String(fx.trusted.toCanonicalBytes(), StandardCharsets.UTF_8));
        prefs.put("OtaUpdateUrl", server.url().resolve(APP + "/").toString());
        prefs.put("OtaAppId", APP);
        prefs.put("OtaTrustedKeys", "ota/trusted-keys.json");
        prefs.put("OtaCheckOn", "manual");
        prefs.put("OtaTelemetryUrl", collector.url().toString()); // the real collector's URL goes here instead
        prefs.put("OtaTelemetryApiHosts", "api.example.com");
        prefs.put("OtaTelemetrySendIntervalSeconds", "3600"); // the tests send by hand
    }

    @After
    public void tearDown() {
        if (app != null) {
            app.close();
        }
        killed.forEach(CordovaHost::close);
        Thread.setDefaultUncaughtExceptionHandler(handlerBefore); // earlier runs' handlers go with their tests
        collector.close();
        server.close();
    }

    static void write(Path f, String content) throws IOException {
        Files.createDirectories(f.getParent());
        Files.write(f, content.getBytes(StandardCharsets.UTF_8));
    }

    /** A new run of the app; the previous one ends normally (its activity is destroyed). */
    CordovaHost start() {
        if (app != null) {
            app.close();
        }
        app = new CordovaHost(prefs, fx.clock, apkAssets, null);
        return app;
    }

    /** The process dies: no onPause, no onDestroy; the next start finds what it left on disk. */
    CordovaHost killAndStart() {
        killed.add(app);
        app = null;
        return start();
    }

    void release(String version) throws IOException {
        FileStore staging = new FileStore(tmp.getRoot().toPath().resolve("staging"));
        new Stager(staging, new StoreRegistry(staging, APP), fx.trusted, fx.clock)
                .stage(fx.bundle(version, new TreeMap<>(ReleaseFixture.files(5, version, 2))));
        new Promoter(fx.context(production)).promote(staging, version, new Percent(100));
    }

    /** What the page's www/telemetry.js sends: {@code telemetry [events]}. */
    void fromPage(CordovaHost host, JSONObject... events) throws Exception {
        JSONArray list = new JSONArray();
        for (JSONObject e : events) {
            list.put(e);
        }
        host.call("telemetry", list);
    }

    static JSONObject json(Object... kv) throws Exception {
        JSONObject o = new JSONObject();
        for (int i = 0; i < kv.length; i += 2) {
            o.put((String) kv[i], kv[i + 1]);
        }
        return o;
    }

    void send(CordovaHost host) {
        host.plugin.telemetry.flush();
        assertThat(collector.contractViolations).as("batches against docs/telemetry.md").isEmpty();
    }

    Path telemetryDir() {
        return new File(CordovaHost.context().getFilesDir(), OtaReleasePlugin.STORAGE_DIR).toPath().resolve("telemetry");
    }

    @Test
    public void aRunsEventsReachTheCollectorInValidBatchesOnceAndAreNotSentAgain() throws Exception {
        release("1.1.0");
        CordovaHost first = start();
        JSONObject config = first.awaitEvent("telemetry");
        assertThat(config.getBoolean("enabled")).isTrue();
        assertThat(config.getJSONArray("apiHosts").toString()).isEqualTo("[\"api.example.com\"]");
        fx.clock.advance(Duration.ofMillis(1500));
        fromPage(first, json("type", "js_error", "count", 2, "beforeReady", 1),
                json("type", "ready", "sinceReadySeconds", 0.5, "fcpSeconds", 0.4),
                json("type", "api", "host", "api.example.com", "status", 503, "seconds", 0.31),
                json("type", "api", "host", "tracker.example.net", "status", 200, "seconds", 0.1),
                json("type", "api", "host", "api.example.com", "status", 1234, "seconds", 0.1),
                json("type", "ready", "sinceReadySeconds", 0));
        fromPage(first, json("type", "js_error", "count", 1, "beforeReady", 0));
        first.call("check"); // stages 1.1.0: "ok"
        first.call("check"); // 1.1.0 is staged already: "none"
        send(first);
        assertThat(collector.accepted).hasSize(1);
        JSONObject batch = collector.accepted.get(0);
        assertThat(batch.getString("app")).isEqualTo(APP);
        assertThat(batch.getString("channel")).isEqualTo("production");
        assertThat(batch.getString("platform")).isEqualTo("android");
        assertThat(batch.getString("nativeVersion")).isEqualTo("1.0.0");
        JSONObject ready = collector.events("ready").get(0);
        assertThat(collector.events("ready")).hasSize(1);
        assertThat(ready.getDouble("ttiSeconds")).isEqualTo(1.0); // launch to the ready() call, not to its report
        assertThat(ready.getDouble("fcpSeconds")).isEqualTo(0.4);
        assertThat(ready.getString("version")).isEqualTo("embedded");
        assertThat(collector.events("api")).hasSize(1);
        assertThat(collector.events("api").get(0).getInt("status")).isEqualTo(503);
        assertThat(collector.events("update_check")).extracting(e -> e.getString("outcome")).containsExactly("ok", "none");

        CordovaHost second = start();
        send(second);
        List<JSONObject> sessions = collector.events("session");
        assertThat(sessions).hasSize(1);
        assertThat(sessions.get(0).getBoolean("cold")).isTrue();
        assertThat(sessions.get(0).getBoolean("crashed")).isFalse();
        assertThat(sessions.get(0).getInt("jsErrors")).isEqualTo(3);
        assertThat(sessions.get(0).getInt("jsErrorsBeforeReady")).isEqualTo(1);
        assertThat(collector.accepted.get(1).getString("installId")).isEqualTo(batch.getString("installId"));
        int attempts = collector.attempts.size();
        send(second);
        assertThat(collector.attempts).as("nothing is sent twice after 202").hasSize(attempts);
    }

    /** The page's events in the shapes test/telemetry.test.mjs holds www/telemetry.js to, through the plugin. */
    @Test
    public void thePagesEventsAsTheBrowserTestSeesThemBecomeValidBatches() throws Exception {
        JSONArray page = new JSONArray(new String(Files.readAllBytes(Path.of("test/fixtures/page-telemetry.json")),
                StandardCharsets.UTF_8));
        CordovaHost first = start();
        first.call("telemetry", page);
        send(first);
        assertThat(collector.events()).extracting(e -> e.getString("type")).containsExactly("ready", "api", "api");
        assertThat(collector.events("api")).extracting(e -> e.getInt("status")).containsExactly(503, 0);
        send(start());
        assertThat(collector.events("session").get(0).getInt("jsErrorsBeforeReady")).isEqualTo(1);
    }

    @Test
    public void updateChecksDownloadsInstallsAndRefusalsAreRecorded() throws Exception {
        release("1.1.0");
        CordovaHost first = start();
        assertThat(first.call("check").getString("outcome")).isEqualTo("staged");
        fx.clock.advance(Duration.ofSeconds(20));
        CordovaHost second = start(); // 1.1.0 runs on trial: installed 20 s after its download ended
        second.call("ready", second.token());
        release("1.2.0");
        StoreLayout layout = new StoreLayout(APP);
        Path root = tmp.getRoot().toPath().resolve("production");
        Files.copy(root.resolve(layout.manifestSignature("1.1.0")), root.resolve(layout.manifestSignature("1.2.0")),
                StandardCopyOption.REPLACE_EXISTING); // a manifest the release key never signed
        assertThat(second.call("check").getString("outcome")).isEqualTo("refused");
        send(second);

        List<JSONObject> checks = collector.events("update_check");
        assertThat(checks).extracting(e -> e.getString("outcome")).containsExactly("ok", "failed");
        JSONObject download = collector.events("download").get(0);
        assertThat(download.getString("outcome")).isEqualTo("ok");
        assertThat(download.getString("version")).isEqualTo("1.1.0");
        assertThat(download.getLong("bytes")).isPositive();
        JSONObject install = collector.events("install").get(0);
        assertThat(install.getString("version")).isEqualTo("1.1.0");
        assertThat(install.getDouble("seconds")).isEqualTo(20.0);
        JSONObject refused = collector.events("refused").get(0);
        assertThat(refused.getString("version")).isEqualTo("1.2.0");
        assertThat(refused.getString("reason")).isEqualTo("signature");
        assertThat(collector.events("session").get(0).getString("version")).isEqualTo("embedded");
    }

    @Test
    public void queuedEventsSurviveARestartAndAreSentUnderTheSameBatchId() throws Exception {
        CordovaHost first = start();
        fromPage(first, json("type", "api", "host", "api.example.com", "status", 0, "seconds", 2.5));
        collector.answerNext(503, null);
        send(first);
        assertThat(collector.attempts).hasSize(1);
        String batchId = collector.attempts.get(0).batchId;

        CordovaHost second = start();
        send(second);
        assertThat(collector.attempts).as("the back-off is kept across the restart").hasSize(1);
        fx.clock.advance(TelemetrySender.FIRST_BACKOFF.plusSeconds(1));
        send(second);
        assertThat(collector.accepted.get(0).getString("batchId")).isEqualTo(batchId);
        assertThat(collector.accepted.get(0).getJSONArray("events").getJSONObject(0).getInt("status")).isEqualTo(0);
        assertThat(collector.events("session")).hasSize(1); // the first run's, reported by the second
    }

    @Test
    public void aSessionThatNeverClosedIsReportedAsCrashedAtTheNextStart() throws Exception {
        CordovaHost first = start();
        fromPage(first, json("type", "js_error", "count", 1, "beforeReady", 1));
        CordovaHost second = killAndStart();
        send(second);
        List<JSONObject> sessions = collector.events("session");
        assertThat(sessions).hasSize(1);
        assertThat(sessions.get(0).getBoolean("crashed")).isTrue();
        assertThat(sessions.get(0).getInt("jsErrors")).isEqualTo(1);

        CordovaHost third = start(); // the second ended normally
        send(third);
        assertThat(collector.events("session")).extracting(e -> e.getBoolean("crashed")).containsExactly(true, false);
    }

    @Test
    public void anUncaughtExceptionEndsTheSessionAsCrashedAndReachesTheAppsOwnHandler() throws Exception {
        List<Throwable> seenByApp = new ArrayList<>();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> seenByApp.add(e));
        start();
        IllegalStateException crash = new IllegalStateException("a bug in a native plugin");
        Thread.getDefaultUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), crash);
        assertThat(seenByApp).containsExactly(crash);

        CordovaHost second = killAndStart(); // the process died of it
        send(second);
        List<JSONObject> sessions = collector.events("session");
        assertThat(sessions).as("one crashed session, not also a never-closed one").hasSize(1);
        assertThat(sessions.get(0).getBoolean("crashed")).isTrue();
        assertThat(sessions.get(0).getBoolean("cold")).isTrue();
    }

    @Test
    public void optingOutDropsWhatIsQueuedAndSendsNothingAcrossRestarts() throws Exception {
        CordovaHost first = start();
        fromPage(first, json("type", "api", "host", "api.example.com", "status", 500, "seconds", 0.2));
        collector.answerNext(503, null);
        send(first); // one batch stays queued, backing off
        assertThat(first.call("setTelemetryEnabled", false).getBoolean("enabled")).isFalse();
        assertThat(telemetryDir()).doesNotExist();
        fromPage(first, json("type", "js_error", "count", 1, "beforeReady", 0));
        first.call("check");
        fx.clock.advance(Duration.ofHours(2));
        send(first);
        CordovaHost second = start();
        assertThat(second.awaitEvent("telemetry").getBoolean("enabled")).isFalse();
        send(second);
        assertThat(collector.attempts).as("only the attempt before the opt-out").hasSize(1);
        assertThat(telemetryDir()).doesNotExist();

        second.call("setTelemetryEnabled", true);
        fromPage(second, json("type", "api", "host", "api.example.com", "status", 200, "seconds", 0.2));
        send(second);
        assertThat(collector.accepted).hasSize(1);
        assertThat(collector.events()).extracting(e -> e.getString("type")).containsExactly("api");
    }

    @Test
    public void configXmlTurnsTelemetryOffAndThePageCannotTurnItOn() throws Exception {
        prefs.put("OtaTelemetry", "off");
        CordovaHost first = start();
        assertThat(first.awaitEvent("telemetry").getBoolean("enabled")).isFalse();
        fromPage(first, json("type", "api", "host", "api.example.com", "status", 500, "seconds", 0.2));
        assertThatThrownBy(() -> first.call("setTelemetryEnabled", true))
                .isInstanceOfSatisfying(CordovaHost.ActionFailed.class, e -> assertThat(e.code).isEqualTo("telemetry_off"));
        send(first);
        start();
        send(app);
        assertThat(collector.attempts).isEmpty();
        assertThat(telemetryDir()).doesNotExist();
    }

    @Test
    public void backsOffOn429ForRetryAfterAndOn503ExponentiallyThenSendsTheSameBatch() throws Exception {
        CordovaHost first = start();
        fromPage(first, json("type", "api", "host", "api.example.com", "status", 200, "seconds", 0.05));
        collector.answerNext(429, "120");
        send(first);
        send(first);
        fx.clock.advance(Duration.ofSeconds(119));
        send(first);
        assertThat(collector.attempts).extracting(a -> a.status).containsExactly(429);
        fx.clock.advance(Duration.ofSeconds(2));
        collector.answerNext(503, null);
        send(first);
        assertThat(collector.attempts).extracting(a -> a.status).containsExactly(429, 503);
        fx.clock.advance(Duration.ofSeconds(29)); // the second failure waits 30 to 60 s
        send(first);
        assertThat(collector.attempts).hasSize(2);
        fx.clock.advance(Duration.ofSeconds(32));
        send(first);
        assertThat(collector.attempts).extracting(a -> a.status).containsExactly(429, 503, 202);
        assertThat(collector.attempts).extracting(a -> a.batchId).containsOnly(collector.attempts.get(0).batchId);

        fromPage(first, json("type", "api", "host", "api.example.com", "status", 200, "seconds", 0.05));
        collector.answerNext(400, null);
        send(first);
        send(first);
        assertThat(collector.attempts).as("a 400 drops the batch: retrying cannot help")
                .extracting(a -> a.status).containsExactly(429, 503, 202, 400);
    }

    @Test
    public void aSessionLeftInTheBackgroundPastTheTimeoutIsSentWithoutWaitingForTheNextStart() throws Exception {
        prefs.put("OtaTelemetrySessionTimeoutSeconds", "1");
        CordovaHost first = start();
        fromPage(first, json("type", "js_error", "count", 1, "beforeReady", 1));
        first.plugin.onPause(false);
        fx.clock.advance(Duration.ofSeconds(5)); // the device clock says the timeout passed when the timer looks
        for (int i = 0; i < 1200 && collector.events("session").isEmpty(); i++) {
            Thread.sleep(50); // the plugin's own timer ends the session and sends it
        }
        assertThat(collector.events("session")).hasSize(1);
        assertThat(collector.events("session").get(0).getInt("jsErrors")).isEqualTo(1);
        assertThat(collector.contractViolations).isEmpty();
        first.plugin.onResume(false); // a new session, not cold
        CordovaHost second = start();
        send(second);
        assertThat(collector.events("session")).extracting(e -> e.getBoolean("cold")).containsExactly(true, false);
    }

    @Test
    public void theCollectorDefaultsToTheUpdateUrlsOriginAndABadUrlNamesThePreference() throws Exception {
        prefs.remove("OtaTelemetryUrl");
        TelemetrySettings defaults = TelemetrySettings.read(preferences(), java.net.URI.create(
                "https://cdn.example.com:8443/ota/" + APP + "/"));
        assertThat(defaults.url.toString()).isEqualTo("https://cdn.example.com:8443/v1/telemetry");
        assertThat(defaults.enabled).isTrue();
        assertThat(defaults.apiHosts).containsExactly("api.example.com");

        prefs.put("OtaTelemetryUrl", "http://collector.example.com/v1/telemetry");
        CordovaHost app = start();
        assertThatThrownBy(() -> app.call("getInfo"))
                .isInstanceOfSatisfying(CordovaHost.ActionFailed.class, e -> assertThat(e.getMessage())
                        .contains("not_configured").contains("OtaTelemetryUrl must be an https:// URL"));
        prefs.put("OtaTelemetryUrl", collector.url().toString());
        prefs.put("OtaTelemetryApiHosts", "https://api.example.com/v2");
        assertThatThrownBy(() -> start().call("getInfo")).hasMessageContaining("OtaTelemetryApiHosts must list host");
    }

    org.apache.cordova.CordovaPreferences preferences() {
        org.apache.cordova.CordovaPreferences p = new org.apache.cordova.CordovaPreferences();
        prefs.forEach(p::set);
        return p;
    }

    @Test
    public void aResumeWithinTheSessionTimeoutContinuesTheSessionAndALaterOneStartsANewOne() throws Exception {
        prefs.put("OtaTelemetrySessionTimeoutSeconds", "30");
        CordovaHost first = start();
        first.plugin.onPause(false);
        fx.clock.advance(Duration.ofSeconds(10));
        first.plugin.onResume(false);
        fromPage(first, json("type", "js_error", "count", 1, "beforeReady", 0));
        first.plugin.onPause(false);
        fx.clock.advance(Duration.ofSeconds(40));
        first.plugin.onResume(false);
        fromPage(first, json("type", "js_error", "count", 2, "beforeReady", 0));
        CordovaHost second = start();
        send(second);
        List<JSONObject> sessions = collector.events("session");
        assertThat(sessions).extracting(e -> e.getBoolean("cold")).containsExactly(true, false);
        assertThat(sessions).extracting(e -> e.getInt("jsErrors")).containsExactly(1, 2);
        assertThat(sessions).extracting(e -> e.getBoolean("crashed")).containsExactly(false, false);
    }
}
