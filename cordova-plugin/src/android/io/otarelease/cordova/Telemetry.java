package io.otarelease.cordova;

import io.otarelease.client.device.Launcher;
import io.otarelease.client.device.UpdateResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.cordova.CallbackContext;
import org.apache.cordova.LOG;
import org.json.JSONArray;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * Device telemetry ({@code docs/telemetry.md}, {@code ota-telemetry/1}): sessions and crashes, the page's errors,
 * readiness and API calls, update checks, downloads, installs and refusals, queued on disk ({@link TelemetryQueue})
 * and sent in batches ({@link TelemetrySender}). Identifies the install by a random id of its own, never a hardware
 * or user id; opting out (config.xml or the page) deletes it with everything queued. Every hook is quick, never
 * throws, and does nothing while telemetry is off.
 */
final class Telemetry {
    private static final String TAG = "OtaTelemetry";

    private final TelemetrySettings settings;
    private final Path dir;
    private final Path optedOut;
    private final Path sessionFile;
    private final Path stagedFile;
    private final Clock clock;
    private final String app;
    private final String nativeVersion;
    private final Supplier<String> channel;
    private final Supplier<String> runningVersion;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ota-release-telemetry");
        t.setDaemon(true);
        return t;
    });
    private boolean active;
    private boolean handlerInstalled;
    private TelemetryQueue queue;
    private TelemetrySender sender;
    private String installId;
    /** The running session ({@code session.json}); {@code pausedAt} while the app is in the background. */
    private TelemetrySession session;
    private Instant launchedAt;
    private int pagesStarted;
    private boolean readyRecorded;

    /** @param root the plugin's private storage; telemetry keeps its files in {@code telemetry/} under it */
    Telemetry(TelemetrySettings settings, Path root, Clock clock, String app, String nativeVersion,
              Supplier<String> channel, Supplier<String> runningVersion) {
        this.settings = settings;
        this.dir = root.resolve("telemetry");
        this.optedOut = root.resolve("telemetry-off");
        this.sessionFile = dir.resolve("session.json");
        this.stagedFile = dir.resolve("downloaded.json");
        this.clock = clock;
        this.app = app;
        this.nativeVersion = TelemetryValues.printable(nativeVersion);
        this.channel = channel;
        this.runningVersion = runningVersion;
        this.launchedAt = clock.instant();
    }

    /** The app started on {@code launch}: the last run's session is reported (as a crash if it never closed). */
    synchronized void start(Launcher.Launch launch) {
        if (!settings.enabled || Files.exists(optedOut)) {
            deleteAll(); // what an earlier version or an earlier choice queued goes too
            return;
        }
        try {
            activate(true);
        } catch (IOException | JSONException | RuntimeException e) {
            LOG.e(TAG, "telemetry is off for this run: " + e.getMessage());
            return;
        }
        launched(launch);
        try {
            long every = settings.sendInterval.getSeconds(); // the first after as long: start-up has more to do
            timer.scheduleWithFixedDelay(this::flush, every, every, TimeUnit.SECONDS);
        } catch (RejectedExecutionException e) {
            // destroyed already
        }
    }

    private void activate(boolean cold) throws IOException, JSONException {
        queue = new TelemetryQueue(dir);
        sender = new TelemetrySender(settings.url, queue, clock);
        installId = installId();
        TelemetrySession previous = TelemetrySession.left(sessionFile);
        active = true;
        if (previous != null) {
            record(previous.end(!previous.closed())); // open at the last run's end: it crashed
        }
        session = TelemetrySession.begin(sessionFile, now(), runningVersion.get(), cold);
        if (!handlerInstalled) {
            handlerInstalled = true;
            Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
            Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
                crashed();
                if (before != null) {
                    before.uncaughtException(thread, error); // Android's: logs and kills the process
                } else {
                    error.printStackTrace(); // what the JVM does without a handler
                }
            });
        }
    }

    /** The app went to the background: the session ends unless it comes back within the session timeout. */
    synchronized void paused() {
        if (!active || session == null) {
            return;
        }
        run(() -> session.pause(now()));
        schedule(this::endIdleSession, settings.sessionTimeout.toMillis() + 500);
        schedule(this::flush, 0);
    }

    synchronized void resumed() {
        if (!active) {
            return;
        }
        run(() -> {
            if (session != null && !session.resume(now(), settings.sessionTimeout)) {
                record(session.end(false));
                session = null;
            }
            if (session == null) { // a new one: the last ended in the background, or just now
                session = TelemetrySession.begin(sessionFile, now(), runningVersion.get(), false);
            }
        });
    }

    /**
     * The activity is going away; the session ends as a clean one (at the next start if not before). This instance
     * stops: its crash handler stays in the chain but records nothing, so the next plugin's session is not counted
     * twice.
     */
    synchronized void destroyed() {
        if (active && session != null && !session.closed()) {
            run(() -> session.pause(now()));
        }
        active = false;
        session = null;
        timer.shutdownNow();
    }

    /** Still in the background after the session timeout: the session is over, and sent now. */
    private void endIdleSession() {
        synchronized (this) {
            if (!active || session == null || session.pausedFor(now()).compareTo(settings.sessionTimeout) < 0) {
                return;
            }
            run(() -> {
                record(session.end(false));
                session = null;
            });
        }
        flush();
    }

    /** From the uncaught exception handler, on the crashing thread: written before the process dies. */
    synchronized void crashed() {
        if (active && session != null) {
            run(() -> {
                record(session.end(true));
                session = null;
            });
        }
    }

    /** A page started loading; after the first, the page's readiness is measured from here (a reload). */
    synchronized void pageStarted() {
        if (++pagesStarted > 1) {
            launchedAt = clock.instant();
            readyRecorded = false;
        }
    }

    /** A new bundle began to run: the install took from its download's end until now. */
    synchronized void launched(Launcher.Launch launch) {
        if (!active || launch == null || !launch.trial() || launch.bundle() == null) {
            return;
        }
        run(() -> {
            JSONObject downloaded = TelemetryQueue.readJson(stagedFile);
            String version = launch.bundle().version();
            if (downloaded != null && version.equals(downloaded.optString("version"))) {
                Instant end = Instant.ofEpochMilli(downloaded.getLong("at"));
                record(event("install", version).put("seconds", TelemetryValues.seconds(Duration.between(end, clock.instant()))));
            }
            Files.deleteIfExists(stagedFile);
        });
    }

    synchronized void checked(UpdateResult.Outcome outcome) {
        String o;
        if (outcome == UpdateResult.Outcome.STAGED) {
            o = "ok";
        } else if (outcome == UpdateResult.Outcome.UP_TO_DATE || outcome == UpdateResult.Outcome.NO_RELEASE
                || outcome == UpdateResult.Outcome.BLOCKED) {
            o = "none";
        } else {
            o = "failed"; // refused, download refused, unreachable, or the check threw
        }
        if (active) {
            run(() -> record(event("update_check", null).put("outcome", o)));
        }
    }

    synchronized void downloaded(String version, boolean success, long bytes, Duration took) {
        if (!active) {
            return;
        }
        run(() -> {
            record(event("download", version).put("outcome", success ? "ok" : "failed")
                    .put("bytes", Math.max(0, Math.min(bytes, 1L << 40))).put("seconds", TelemetryValues.seconds(took)));
            if (success) {
                TelemetryQueue.writeAtomically(stagedFile, TelemetryQueue.bytes(new JSONObject()
                        .put("version", version).put("at", clock.instant().toEpochMilli())));
            }
        });
    }

    synchronized void refused(String version, String reason) {
        if (active) {
            run(() -> record(event("refused", version).put("reason", reason)));
        }
    }

    /** The JS module's actions: {@code telemetry [events]} and {@code setTelemetryEnabled [bool]}. */
    boolean execute(String action, JSONArray args, CallbackContext callback) {
        if (action.equals("telemetry")) {
            JSONArray list = args.optJSONArray(0);
            later(callback, () -> {
                fromPage(list == null ? new JSONArray() : list);
                callback.success(new JSONObject());
            });
            return true;
        }
        if (action.equals("setTelemetryEnabled")) {
            boolean on = args.optBoolean(0, true);
            later(callback, () -> {
                if (on && !settings.enabled) {
                    callback.error(failureJson("telemetry_off", "config.xml turns telemetry off (preference "
                            + "OtaTelemetry=off); the page cannot turn it on"));
                    return;
                }
                setEnabled(on);
                callback.success(new EventChannel.Fields().putOpt("enabled", on));
            });
            return true;
        }
        return false;
    }

    private void schedule(Runnable r, long delayMillis) {
        try {
            timer.schedule(r, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // destroyed: the next start reports what is on disk
        }
    }

    /** Off the caller's thread, in order with the timers; after onDestroy the page is told nothing happened. */
    private void later(CallbackContext callback, Runnable r) {
        try {
            timer.execute(r);
        } catch (RejectedExecutionException e) {
            callback.error(failureJson("closed", "the app is closing"));
        }
    }

    /** What the page needs: whether to report at all, and which API hosts to count. */
    synchronized EventChannel.Fields pageConfig() {
        return EventChannel.event("telemetry").putOpt("enabled", active)
                .putOpt("apiHosts", new JSONArray(settings.apiHosts));
    }

    private synchronized void setEnabled(boolean on) {
        try {
            if (!on) {
                active = false;
                session = null;
                TelemetryQueue.writeAtomically(optedOut, new byte[0]);
                deleteAll();
            } else if (!active) {
                Files.deleteIfExists(optedOut);
                activate(false);
            }
        } catch (IOException | JSONException | RuntimeException e) {
            LOG.e(TAG, "telemetry: " + e.getMessage());
        }
    }

    /** Events the page sent; each is checked here (a bad one would make the collector refuse its whole batch). */
    private synchronized void fromPage(JSONArray list) {
        if (!active) {
            return;
        }
        for (int i = 0; i < list.length() && i < TelemetryQueue.MAX_EVENTS; i++) {
            JSONObject e = list.optJSONObject(i);
            if (e == null) {
                continue;
            }
            run(() -> {
                switch (e.optString("type")) {
                    case "js_error":
                        if (session != null && e.optInt("count", 0) > 0) {
                            session.jsErrors(e.optInt("count", 0), e.optInt("beforeReady", 0));
                        }
                        break;
                    case "ready":
                        ready(e);
                        break;
                    case "api":
                        api(e);
                        break;
                    default:
                        break; // from a newer page: nothing this native side can check
                }
            });
        }
    }

    /** Once per page: launch (or reload) to ready(), and the page's First Contentful Paint when it had one. */
    private void ready(JSONObject e) throws IOException, JSONException {
        if (!readyRecorded) {
            readyRecorded = true;
            record(merge(event("ready", null), TelemetryValues.ready(e, launchedAt, clock.instant())));
        }
    }

    /** One call to an API host config.xml opted in; any other host is not recorded, whatever the page says. */
    private void api(JSONObject e) throws IOException, JSONException {
        JSONObject fields = TelemetryValues.api(e, settings.apiHosts);
        if (fields != null) {
            record(merge(event("api", null), fields));
        }
    }

    private static JSONObject merge(JSONObject event, JSONObject fields) throws JSONException {
        for (java.util.Iterator<String> k = fields.keys(); k.hasNext(); ) {
            String name = k.next();
            event.put(name, fields.get(name));
        }
        return event;
    }

    /** Closes the open batch and sends, unless backing off (then events keep gathering in one batch). */
    void flush() {
        TelemetrySender s;
        synchronized (this) {
            if (!active || clock.instant().isBefore(sender.notBefore())) {
                return;
            }
            run(queue::close);
            s = sender;
        }
        s.flush();
    }

    private void record(JSONObject event) throws IOException {
        queue.add(new TelemetryQueue.Header(installId, app, channel.get(), nativeVersion), event);
    }

    private JSONObject event(String type, String version) throws JSONException {
        return new JSONObject().put("type", type).put("at", now().toString())
                .put("version", version == null ? runningVersion.get() : version);
    }

    /** Random, made when telemetry is first on, deleted with everything else when the user opts out. */
    private String installId() throws IOException {
        Path f = dir.resolve("install-id");
        if (Files.exists(f)) {
            String id = new String(Files.readAllBytes(f), StandardCharsets.US_ASCII).trim();
            if (id.matches("[A-Za-z0-9_-]{16,64}")) {
                return id;
            }
        }
        String id = TelemetryQueue.randomId();
        TelemetryQueue.writeAtomically(f, id.getBytes(StandardCharsets.US_ASCII));
        return id;
    }

    private void deleteAll() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.e(TAG, "telemetry: could not delete " + dir + ": " + e.getMessage());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static JSONObject failureJson(String code, String message) {
        return new EventChannel.Fields().putOpt("code", code).putOpt("message", message);
    }

    private interface IoAction {
        void run() throws IOException, JSONException;
    }

    /** Telemetry never breaks the app: a failure is logged and the event is lost. */
    private static void run(IoAction a) {
        try {
            a.run();
        } catch (IOException | JSONException | RuntimeException e) {
            LOG.e(TAG, "telemetry: " + e.getMessage());
        }
    }
}
