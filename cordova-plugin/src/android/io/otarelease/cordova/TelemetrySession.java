package io.otarelease.cordova;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * The running session, kept in {@code session.json} at every change so the next start knows how it ended: still
 * open (no {@code pausedAt}) means the process died in the foreground, a crash.
 */
final class TelemetrySession {
    private final Path file;
    private final JSONObject s;

    private TelemetrySession(Path file, JSONObject s) {
        this.file = file;
        this.s = s;
    }

    /** The last run's session, or null when it ended (or there was none). */
    static TelemetrySession left(Path file) throws IOException {
        JSONObject s = TelemetryQueue.readJson(file);
        return s == null || !s.has("at") ? null : new TelemetrySession(file, s);
    }

    static TelemetrySession begin(Path file, Instant at, String version, boolean cold)
            throws IOException, JSONException {
        TelemetrySession t = new TelemetrySession(file, new JSONObject().put("at", at.toString())
                .put("version", version).put("cold", cold).put("jsErrors", 0).put("jsErrorsBeforeReady", 0));
        t.save();
        return t;
    }

    boolean closed() {
        return s.has("pausedAt");
    }

    /** In the background since {@code at} (or closed by the activity's end). */
    void pause(Instant at) throws IOException, JSONException {
        s.put("pausedAt", at.toString());
        save();
    }

    /** Back in the foreground: true when this session goes on, false when it was away too long and must end. */
    boolean resume(Instant now, Duration timeout) throws IOException {
        if (!closed()) {
            return true;
        }
        if (pausedFor(now).compareTo(timeout) >= 0) {
            return false;
        }
        s.remove("pausedAt");
        save();
        return true;
    }

    Duration pausedFor(Instant now) {
        return closed() ? Duration.between(Instant.parse(s.optString("pausedAt")), now) : Duration.ZERO;
    }

    void jsErrors(int count, int beforeReady) throws IOException, JSONException {
        int added = Math.min(count, TelemetryValues.MAX_ERRORS);
        int before = Math.max(0, Math.min(beforeReady, added));
        // bounded, so a page stuck in an error loop cannot overflow the counts
        s.put("jsErrors", Math.min(s.getInt("jsErrors") + added, TelemetryValues.MAX_ERRORS));
        s.put("jsErrorsBeforeReady", Math.min(s.getInt("jsErrorsBeforeReady") + before, TelemetryValues.MAX_ERRORS));
        save();
    }

    /** The {@code session} event (its time is the session's start); the file goes, the session is over. */
    JSONObject end(boolean crashed) throws IOException, JSONException {
        Files.deleteIfExists(file);
        return new JSONObject().put("type", "session").put("at", s.getString("at"))
                .put("version", s.getString("version")).put("cold", s.getBoolean("cold")).put("crashed", crashed)
                .put("jsErrors", s.getInt("jsErrors")).put("jsErrorsBeforeReady", s.getInt("jsErrorsBeforeReady"));
    }

    private void save() throws IOException {
        TelemetryQueue.writeAtomically(file, TelemetryQueue.bytes(s));
    }
}
