package io.otarelease.cordova;

import android.content.Context;
import android.content.pm.PackageManager;
import io.otarelease.client.device.CertificatePins;
import io.otarelease.client.device.DeviceConfig;
import io.otarelease.client.device.DeviceEvents;
import io.otarelease.client.device.DeviceState;
import io.otarelease.client.device.DownloadLimits;
import io.otarelease.client.device.FileDeviceStorage;
import io.otarelease.client.device.HttpTransport;
import io.otarelease.client.device.Launcher;
import io.otarelease.client.device.UpdateClient;
import io.otarelease.client.device.UpdateResult;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.trust.TrustRoot;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.cordova.CallbackContext;
import org.apache.cordova.CordovaPlugin;
import org.apache.cordova.CordovaPluginPathHandler;
import org.apache.cordova.LOG;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * cordova-plugin-ota-release on Android: picks the bundle the web view loads at start ({@link Launcher}: a staged
 * bundle goes on trial with a fresh per-launch token), checks for releases in the background ({@link UpdateClient}
 * over {@link HttpTransport}: signed pointer, signed manifest, only the missing files, verified whole before it is
 * staged), and serves the bundle through {@link BundlePathHandler}. Every storage and network call runs off the UI
 * thread: checks, channel switches and applies on one update thread, in order; ready and getInfo on Cordova's
 * pool, so a running download never delays a ready call past its timeout.
 */
public class OtaReleasePlugin extends CordovaPlugin {
    private static final String TAG = "OtaRelease";
    /** Where the device keeps its blobs, bundles and state: private app storage, never web-reachable. */
    static final String STORAGE_DIR = "ota-release";

    /** The device clock; tests replace it before the plugin starts. */
    Clock clock = Clock.systemUTC();
    /** TLS trust of the update connection (null: the platform's); tests trust their own certificates. */
    javax.net.ssl.SSLSocketFactory tls;
    /** The APK's assets (null: the app context's); tests put a folder in their place. */
    ApkAssets apkAssets;
    private final EventChannel events = new EventChannel();
    private final ScheduledExecutorService updates = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ota-release-updates");
        t.setDaemon(true);
        return t;
    });
    private OtaSettings settings;
    private FileDeviceStorage storage;
    private UpdateClient client;
    private Launcher launcher;
    private String embeddedVersion;
    private String startFailure;
    private volatile Launcher.Launch launch;
    private volatile File serving;
    /** The app's start page (config.xml {@code <content src>}): the first page the web view loads. */
    private volatile String startUrl = "https://localhost/index.html";
    private boolean startPageSeen;
    /** A staged bundle waits to be applied (urgent, or OtaApply=immediate) until the open trial is blessed. */
    private volatile boolean applyAfterTrial;
    /** Device telemetry (docs/telemetry.md); created with the settings, started once the launch is chosen. */
    Telemetry telemetry;

    @Override
    protected void pluginInitialize() {
        Context context = cordova.getContext();
        if (apkAssets == null) {
            apkAssets = ApkAssets.of(context.getAssets());
        }
        embeddedVersion = embeddedVersion(apkAssets);
        try {
            start(context);
        } catch (IOException | RuntimeException e) {
            // the app still starts, on the bundle built into it; every action reports why updates are off
            startFailure = "OTA updates are off: " + e.getMessage();
            LOG.e(TAG, startFailure);
            return;
        }
        if (settings.checkOn != OtaSettings.CheckOn.MANUAL) {
            updates.execute(this::checkQuietly);
        }
    }

    private void start(Context context) throws IOException {
        settings = OtaSettings.read(preferences);
        Path root = new File(context.getFilesDir(), STORAGE_DIR).toPath();
        telemetry = new Telemetry(TelemetrySettings.read(preferences, settings.updateUrl), root, clock, settings.appId,
                nativeVersion(context), this::channelForTelemetry,
                () -> launch == null || launch.bundle() == null ? "embedded" : launch.bundle().version());
        DeviceEvents sink = TelemetryDeviceEvents.withPage(events, telemetry);
        byte[] trust = apkAssets.read(settings.trustRoot != null ? settings.trustRoot : settings.trustedKeys);
        TrustedKeys keys = settings.trustedKeys == null ? null : TrustedKeys.parse(trust, settings.trustedKeys);
        storage = new FileDeviceStorage(root, keys);
        DeviceConfig config = new DeviceConfig(settings.appId, settings.channel, installId(root),
                nativeVersion(context), keys, clock, settings.readyTimeout, embeddedVersion, DownloadLimits.DEFAULTS)
                .withPlatform("android"); // a manifest signed for another platform is refused (WRONG_PLATFORM)
        HttpTransport transport = new HttpTransport(settings.updateUrl, config.downloads());
        CertificatePins pins = settings.pins(clock);
        if (pins != null) {
            transport = transport.withPins(pins);
        }
        if (tls != null) {
            transport = transport.withSocketFactory(tls);
        }
        client = settings.trustRoot == null ? new UpdateClient(config, transport, storage, sink)
                : new UpdateClient(config, transport, storage, sink, TrustRoot.parse(trust, settings.trustRoot));
        launcher = new Launcher(config, storage, sink);
        switchTo(launcher.launch()); // a trial left open by the previous run is reverted and blocked here
        telemetry.start(launch);
    }

    @Override
    public CordovaPluginPathHandler getPathHandler() {
        return new CordovaPluginPathHandler(new BundlePathHandler(apkAssets, () -> serving));
    }

    @Override
    public void onPause(boolean multitasking) {
        if (telemetry != null) {
            telemetry.paused();
        }
    }

    @Override
    public void onResume(boolean multitasking) {
        if (telemetry != null) {
            telemetry.resumed();
        }
        if (client != null && settings.checkOn == OtaSettings.CheckOn.START_AND_RESUME) {
            updates.execute(this::checkQuietly);
        }
    }

    /** The new page's load finished: its ready timeout starts now, even if its script never calls us. */
    @Override
    public Object onMessage(String id, Object data) {
        if ("onPageFinished".equals(id)) {
            updates.execute(this::scriptStarted);
        } else if ("onPageStarted".equals(id)) {
            if (!startPageSeen && data instanceof String) {
                startPageSeen = true;
                startUrl = (String) data;
            }
            events.pageChanged();
            if (telemetry != null) {
                telemetry.pageStarted();
            }
        }
        return null;
    }

    @Override
    public void onDestroy() {
        updates.shutdownNow();
        if (telemetry != null) {
            telemetry.destroyed();
        }
    }

    @Override
    public boolean execute(String action, JSONArray args, CallbackContext callback) {
        switch (action) {
            case "events":
                events.subscribe(callback, launch == null ? null : launch.token());
                if (telemetry != null) {
                    events.emit(telemetry.pageConfig());
                }
                updates.execute(this::scriptStarted);
                return true;
            case "getInfo":
                answer(callback, false, this::info);
                return true;
            case "ready":
                String token = args.optString(0, null);
                answer(callback, false, () -> ready(token));
                return true;
            case "check":
                answer(callback, true, this::check);
                return true;
            case "applyNow":
                answer(callback, true, this::applyNow);
                return true;
            case "setChannel":
                String channel = args.isNull(0) ? null : args.optString(0, null);
                answer(callback, true, () -> {
                    client.switchChannel(channel);
                    return new JSONObject().put("channel", client.channel());
                });
                return true;
            default:
                return telemetry != null && telemetry.execute(action, args, callback);
        }
    }

    /** Runs an action off the UI thread (updates: on the update thread, in order) and answers the page. */
    private void answer(CallbackContext callback, boolean update, Callable<JSONObject> action) {
        Runnable run = () -> {
            if (startFailure != null) {
                callback.error(failure("not_configured", startFailure));
                return;
            }
            try {
                callback.success(action.call());
            } catch (ActionException e) {
                callback.error(failure(e.code, e.getMessage()));
            } catch (IllegalArgumentException e) {
                callback.error(failure("bad_argument", e.getMessage()));
            } catch (Exception | LinkageError e) {
                LOG.e(TAG, "action failed", e);
                callback.error(failure("io", String.valueOf(e.getMessage())));
            }
        };
        if (update) {
            updates.execute(run);
        } else {
            cordova.getThreadPool().execute(run);
        }
    }

    /**
     * Checks; a release staged now is applied at once with {@code OtaApply=immediate}, and one the signed pointer
     * marks urgent (also when it was staged before the pointer became urgent) always. Never over a bundle still on
     * trial: launching would revert it, so the apply waits for that page's ready call.
     */
    private JSONObject check() throws Exception {
        UpdateResult r = null;
        try {
            r = client.check();
        } finally {
            telemetry.checked(r == null ? null : r.outcome());
        }
        boolean apply = r.urgent() || (r.outcome() == UpdateResult.Outcome.STAGED && settings.applyImmediately);
        if (apply) {
            applyWhenSettled();
        }
        return new JSONObject().put("outcome", r.outcome().name().toLowerCase(Locale.ROOT))
                .putOpt("version", r.version()).putOpt("reason", r.detail()).putOpt("urgent", r.urgent() ? true : null);
    }

    /** Applies the staged bundle now, or after the running trial's ready call if one is open. */
    private void applyWhenSettled() throws Exception {
        DeviceState s;
        synchronized (storage) {
            s = storage.load();
        }
        if (s.pending() == null) {
            return;
        }
        if (s.trial() != null) {
            applyAfterTrial = true;
            return;
        }
        applyAfterTrial = false;
        applyNow();
    }

    private void checkQuietly() {
        try {
            check();
        } catch (Exception e) {
            LOG.e(TAG, "update check failed: " + e.getMessage());
        }
    }

    /** Launches the staged bundle now (on trial, with a new token) and reloads the web view into it. */
    private JSONObject applyNow() throws Exception {
        DeviceState s;
        synchronized (storage) {
            s = storage.load();
        }
        if (s.pending() == null) {
            throw new ActionException("nothing_staged", "no bundle is staged; check() stages one when the channel "
                    + "offers a new release");
        }
        switchTo(launcher.launch());
        reload();
        return new JSONObject().put("version", launch.bundle().version());
    }

    private JSONObject ready(String token) throws Exception {
        Launcher.Ready r = launcher.ready(token);
        if (r == Launcher.Ready.WRONG_TOKEN) {
            throw new ActionException("wrong_token", "this page's launch token is not the current launch's");
        }
        if (r == Launcher.Ready.TOO_LATE) {
            throw new ActionException("too_late", "ready came after OtaReadyTimeoutSeconds (" + settings.readyTimeout
                    .getSeconds() + " s); the bundle was reverted");
        }
        if (r == Launcher.Ready.BLESSED && applyAfterTrial) {
            updates.execute(() -> {
                try {
                    applyWhenSettled();
                } catch (Exception e) {
                    LOG.e(TAG, "applying the staged bundle failed: " + e.getMessage());
                }
            });
        }
        return new JSONObject().put("result", r.name().toLowerCase(Locale.ROOT));
    }

    private JSONObject info() throws Exception {
        DeviceState s;
        synchronized (storage) {
            s = storage.load();
        }
        Launcher.Launch l = launch;
        String running = s.trial() != null ? s.trial().bundle().version() : s.runningVersion();
        return new JSONObject().put("current", running == null ? JSONObject.NULL : running)
                .put("pending", s.pending() == null ? JSONObject.NULL : s.pending().version())
                .put("embedded", embeddedVersion == null ? JSONObject.NULL : embeddedVersion)
                .put("channel", client.channel())
                .put("token", l == null ? JSONObject.NULL : l.token());
    }

    /** Starts the trial's ready timer; a revert reloads the page into the last good bundle. */
    private void scriptStarted() {
        Launcher.Launch l = launch;
        if (launcher == null || l == null || !l.trial()) {
            return;
        }
        try {
            launcher.scriptStarted(l.token());
        } catch (IOException e) {
            LOG.e(TAG, "readiness: " + e.getMessage());
            return;
        }
        updates.schedule(this::checkReadyTimeout, settings.readyTimeout.toMillis() + 500, TimeUnit.MILLISECONDS);
    }

    private void checkReadyTimeout() {
        try {
            boolean reverted = launcher.checkTimeout().isPresent();
            DeviceState s;
            synchronized (storage) {
                s = storage.load();
            }
            if (reverted) {
                serving = s.current() == null ? null : storage.bundleDir(s.current().bundleHash()).toFile();
                reload();
            } else if (s.trial() != null && launch != null && s.trial().token().equals(launch.token())) {
                // still on trial and not yet late by the device clock (which a timer cannot be sure to outrun): look
                // again until the page calls ready or the deadline passes
                updates.schedule(this::checkReadyTimeout, 500, TimeUnit.MILLISECONDS);
            }
        } catch (IOException e) {
            LOG.e(TAG, "readiness: " + e.getMessage());
        }
    }

    private void switchTo(Launcher.Launch l) {
        launch = l;
        serving = l.bundle() == null ? null : storage.bundleDir(l.bundle().bundleHash()).toFile();
        telemetry.launched(l);
    }

    /** The channel followed now (setChannel's, else config.xml's). */
    private String channelForTelemetry() {
        try {
            return client == null ? settings.channel : client.channel();
        } catch (IOException e) {
            return settings.channel;
        }
    }

    private void reload() {
        events.pageChanged();
        cordova.getActivity().runOnUiThread(() -> webView.loadUrlIntoView(startUrl, false));
    }

    /** Version of the bundle built into the app: the {@code version} of its signed manifest, if it has one. */
    private static String embeddedVersion(ApkAssets assets) {
        try {
            JSONObject m = new JSONObject(new String(assets.read("www/manifest.json"), StandardCharsets.UTF_8));
            return m.optString("version", null);
        } catch (Exception e) {
            return null;
        }
    }

    private static String nativeVersion(Context context) {
        try {
            String v = context.getPackageManager().getPackageInfo(context.getPackageName(), 0).versionName;
            return v != null ? v : "0.0.0";
        } catch (PackageManager.NameNotFoundException e) {
            return "0.0.0";
        }
    }

    /** A random id made once per install (never a hardware id): it fixes the device's rollout bucket. */
    private static String installId(Path root) throws IOException {
        Path f = root.resolve("install-id");
        if (Files.exists(f)) {
            return new String(Files.readAllBytes(f), StandardCharsets.US_ASCII).trim();
        }
        String id = UUID.randomUUID().toString();
        Files.write(f, id.getBytes(StandardCharsets.US_ASCII));
        return id;
    }

    private static JSONObject failure(String code, String message) {
        try {
            return new JSONObject().put("code", code).put("message", message);
        } catch (org.json.JSONException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A refusal the page can act on, with a stable code. */
    static final class ActionException extends Exception {
        private static final long serialVersionUID = 1L;
        final String code;

        ActionException(String code, String message) {
            super(message);
            this.code = code;
        }
    }
}
