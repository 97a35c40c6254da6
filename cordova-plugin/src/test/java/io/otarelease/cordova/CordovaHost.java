package io.otarelease.cordova;

import android.content.Context;
import android.webkit.WebResourceResponse;
import androidx.appcompat.app.AppCompatActivity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.cordova.CallbackContext;
import org.apache.cordova.CordovaInterface;
import org.apache.cordova.CordovaPreferences;
import org.apache.cordova.CordovaWebView;
import org.apache.cordova.PluginResult;
import org.json.JSONArray;
import org.json.JSONObject;
import org.robolectric.Robolectric;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.shadows.ShadowLooper;

/**
 * One run of the app: the real {@link OtaReleasePlugin} inside a minimal Cordova host. The web view and the Cordova
 * interface are doubles (there is no browser on the JVM) that record what the plugin sends to the page and which
 * URL it loads; the Android classes are Robolectric's. A "restart" is a new host over the same app storage.
 */
final class CordovaHost implements AutoCloseable {
    private static final long WAIT_SECONDS = 120;
    final OtaReleasePlugin plugin = new OtaReleasePlugin();
    final List<JSONObject> events = new CopyOnWriteArrayList<>();
    final List<String> loadedUrls = new CopyOnWriteArrayList<>();
    private final Map<String, BlockingQueue<PluginResult>> results = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AppCompatActivity activity = Robolectric.buildActivity(AppCompatActivity.class).create().get();
    private final CordovaWebView webView;
    private int calls;

    /** @param apkAssets the folder standing for the APK's assets (Robolectric reads assets only from a built APK) */
    CordovaHost(Map<String, String> preferences, Clock clock, java.nio.file.Path apkAssets,
                javax.net.ssl.SSLSocketFactory tls) {
        webView = (CordovaWebView) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CordovaWebView.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "sendPluginResult":
                            results.computeIfAbsent((String) args[1], k -> new LinkedBlockingQueue<>())
                                    .add((PluginResult) args[0]);
                            return null;
                        case "loadUrlIntoView":
                            loadedUrls.add((String) args[0]);
                            return null;
                        case "getContext":
                            return activity;
                        default:
                            return defaultValue(method.getReturnType());
                    }
                });
        CordovaInterface cordova = (CordovaInterface) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {CordovaInterface.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "getActivity":
                            return activity;
                        case "getContext":
                            return RuntimeEnvironment.getApplication();
                        case "getThreadPool":
                            return pool;
                        default:
                            return defaultValue(method.getReturnType());
                    }
                });
        // the app's versionName: the native version releases are targeted at (minNativeVersion 1.0.0)
        Context app = RuntimeEnvironment.getApplication();
        org.robolectric.Shadows.shadowOf(app.getPackageManager())
                .getInternalMutablePackageInfo(app.getPackageName()).versionName = "1.0.0";
        CordovaPreferences prefs = new CordovaPreferences();
        preferences.forEach(prefs::set);
        plugin.clock = clock;
        plugin.tls = tls;
        plugin.apkAssets = name -> java.nio.file.Files.newInputStream(apkAssets.resolve(name));
        plugin.privateInitialize("OtaRelease", cordova, webView, prefs);
        subscribeEvents();
    }

    private static Object defaultValue(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class || type == long.class) {
            return 0;
        }
        return null;
    }

    static Context context() {
        return RuntimeEnvironment.getApplication();
    }

    /** What the JS module does at load: opens the event channel. */
    private void subscribeEvents() {
        String id = "events";
        BlockingQueue<PluginResult> q = new LinkedBlockingQueue<>() {
            @Override
            public boolean add(PluginResult r) {
                try {
                    events.add(new JSONObject(r.getMessage()));
                } catch (org.json.JSONException e) {
                    throw new IllegalStateException(e);
                }
                return true;
            }
        };
        results.put(id, q);
        plugin.execute("events", new JSONArray(), new CallbackContext(id, webView));
    }

    /** A native action as cordova.exec calls it; the answer, or an {@link ActionFailed} with native's code. */
    JSONObject call(String action, Object... args) throws Exception {
        String id = action + (++calls);
        BlockingQueue<PluginResult> q = new LinkedBlockingQueue<>();
        results.put(id, q);
        JSONArray a = new JSONArray();
        for (Object arg : args) {
            a.put(arg == null ? JSONObject.NULL : arg);
        }
        if (!plugin.execute(action, a, new CallbackContext(id, webView))) {
            throw new IllegalStateException("no action " + action);
        }
        PluginResult r = q.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError(action + " gave no answer within " + WAIT_SECONDS + " s");
        }
        JSONObject body = new JSONObject(r.getMessage());
        if (r.getStatus() != PluginResult.Status.OK.ordinal()) {
            throw new ActionFailed(body.getString("code"), body.getString("message"));
        }
        return body;
    }

    /** The launch token the JS module received (init event). */
    String token() throws Exception {
        return events.get(0).getString("token");
    }

    /** Waits (count-based, generous ceiling) until an event of {@code type} arrived; returns it. */
    JSONObject awaitEvent(String type) throws Exception {
        for (int i = 0; i < WAIT_SECONDS * 20; i++) {
            for (JSONObject e : events) {
                if (e.getString("type").equals(type)) {
                    return e;
                }
            }
            ShadowLooper.idleMainLooper();
            Thread.sleep(50);
        }
        throw new AssertionError("no " + type + " event; got " + events);
    }

    boolean hasEvent(String type) throws Exception {
        for (JSONObject e : events) {
            if (e.getString("type").equals(type)) {
                return true;
            }
        }
        return false;
    }

    /** What the web view gets for https://localhost/{@code path}: the body, or "404", or null (cordova's own). */
    String get(String path) throws IOException {
        WebResourceResponse r = plugin.getPathHandler().getPathHandler().handle(path);
        if (r == null) {
            return null;
        }
        if (r.getStatusCode() == 404) {
            return "404";
        }
        try (InputStream in = r.getData()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits (count-based) until the plugin's UI-thread reload of the web view ran; returns the URLs loaded. */
    List<String> awaitReload() throws InterruptedException {
        for (int i = 0; i < WAIT_SECONDS * 20 && loadedUrls.isEmpty(); i++) {
            ShadowLooper.idleMainLooper();
            Thread.sleep(50);
        }
        return loadedUrls;
    }

    /** Runs what the plugin posted to the UI thread (the web view reload). */
    void idleUiThread() {
        ShadowLooper.idleMainLooper();
    }

    @Override
    public void close() {
        plugin.onDestroy();
        pool.shutdownNow();
    }

    static final class ActionFailed extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;

        ActionFailed(String code, String message) {
            super(code + ": " + message);
            this.code = code;
        }
    }
}
