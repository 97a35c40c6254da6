package io.otarelease.cordova;

import io.otarelease.client.device.DeviceState;
import io.otarelease.client.device.FileDeviceStorage;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.release.Stager;
import io.otarelease.core.serve.StoreServer;
import io.otarelease.core.sign.SigningService;
import io.otarelease.core.store.FileStore;
import io.otarelease.core.testing.ReleaseFixture;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.ConscryptMode;

/**
 * What the plugin tests share: a real {@code ota serve} on loopback over a production store, releases staged and
 * promoted by the real engine, the APK's assets as a folder, and app starts ({@link CordovaHost}). Each "restart" is
 * a new plugin instance over the same app storage, as after an app kill.
 */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
@ConscryptMode(ConscryptMode.Mode.OFF) // the JDK's TLS; conscrypt's native code is not needed for http on loopback
public abstract class PluginTestBase {
    /** The APK's assets: www/ (the built-in bundle and the platform files) and the trusted keys outside it. */
    Path apkAssets;
    static final String APP = ReleaseFixture.APP;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    ReleaseFixture fx;
    FileStore staging;
    FileStore production;
    StoreServer server;
    final Map<String, String> prefs = new HashMap<>();
    CordovaHost app;

    @Before
    public void setUp() throws IOException {
        Path dir = tmp.getRoot().toPath();
        fx = new ReleaseFixture(dir);
        staging = new FileStore(dir.resolve("staging"));
        production = new FileStore(dir.resolve("production"));
        apkAssets = dir.resolve("apk-assets");
        server = StoreServer.start(production, InetAddress.getLoopbackAddress(), 0, 30, 4);
        writeAsset("www/index.html", "<html>embedded</html>");
        writeAsset("www/cordova.js", "// cordova.js of the native binary");
        writeAsset("www/plugins/cordova-plugin-x/www/x.js", "// plugin x of the native binary");
        writeAsset("ota/trusted-keys.json", new String(fx.trusted.toCanonicalBytes(), StandardCharsets.UTF_8));
        prefs.put("OtaUpdateUrl", server.url().resolve(APP + "/").toString());
        prefs.put("OtaAppId", APP);
        prefs.put("OtaTrustedKeys", "ota/trusted-keys.json");
        prefs.put("OtaCheckOn", "manual");
    }

    @After
    public void tearDown() {
        if (app != null) {
            app.close();
        }
        server.close();
    }

    void writeAsset(String name, String content) throws IOException {
        Path f = apkAssets.resolve(name);
        Files.createDirectories(f.getParent());
        Files.write(f, content.getBytes(StandardCharsets.UTF_8));
    }

    CordovaHost start() {
        return start(Clock.systemUTC());
    }

    CordovaHost start(Clock clock) {
        return start(clock, null);
    }

    /** @param tls the update connection's TLS trust (null: the platform's) */
    CordovaHost start(Clock clock, javax.net.ssl.SSLSocketFactory tls) {
        if (app != null) {
            app.close();
        }
        app = new CordovaHost(prefs, clock, apkAssets, tls);
        return app;
    }

    void release(String version, String channel) throws IOException {
        release(version, channel, ReleaseFixture.files(5, version, 2), false);
    }

    /** Stages {@code files} as {@code version} and promotes it to 100% of {@code channel}, urgent or not. */
    void release(String version, String channel, Map<String, String> bundleFiles, boolean urgent) throws IOException {
        Map<String, String> files = new TreeMap<>(bundleFiles);
        Path b = fx.bundle(version, files);
        new Stager(staging, new StoreRegistry(staging, APP), fx.trusted, fx.clock).stage(b);
        ReleaseContext ctx = channel.equals("production") ? fx.context(production)
                : new ReleaseContext(APP, channel, production, new StoreRegistry(production, APP), fx.trusted,
                        new SigningService(fx.channelSigner, fx.clock), Cdn.NONE, fx.clock, "tester",
                        ReleaseContext.DEFAULT_VALIDITY);
        new Promoter(ctx).urgent(urgent).promote(staging, version, new Percent(100));
    }

    DeviceState deviceState() throws IOException {
        File root = new File(CordovaHost.context().getFilesDir(), OtaReleasePlugin.STORAGE_DIR);
        return new FileDeviceStorage(root.toPath(), fx.trusted).load();
    }

}
