package io.otarelease.cordova;

import io.otarelease.client.device.DeviceEvents;
import io.otarelease.client.device.DeviceState;
import io.otarelease.client.device.Transport;
import io.otarelease.client.verify.VerificationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.cordova.CallbackContext;
import org.apache.cordova.PluginResult;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * The one channel native pushes events on (the {@code events} action, kept open): each message is
 * {@code {type, ...fields}}. Events from before the page subscribed (a revert at start, a check that finished
 * first) are held, up to a bound, and delivered on subscribe. Also ota-client's {@link DeviceEvents} sink.
 */
final class EventChannel implements DeviceEvents {
    private static final int MAX_HELD = 32;
    /** At most this many downloading events between the first and the last of one release. */
    private static final int PROGRESS_STEPS = 20;
    private final List<JSONObject> held = new ArrayList<>();
    private CallbackContext listener;
    /** Bytes of the last downloading event sent; only the update thread reports progress. */
    private long lastProgress;

    /** The page subscribed: {@code init} with this launch's token first, then what happened before. */
    synchronized void subscribe(CallbackContext callback, String token) {
        listener = callback;
        send(event("init").putOpt("token", token));
        for (JSONObject e : held) {
            send(e);
        }
        held.clear();
    }

    /** A new page is loading: the old page's callback is gone with it. */
    synchronized void pageChanged() {
        listener = null;
    }

    synchronized void emit(Fields e) {
        if (listener != null) {
            send(e);
            return;
        }
        if ("downloading".equals(e.optString("type"))) {
            held.removeIf(h -> "downloading".equals(h.optString("type"))); // only the latest progress matters
        }
        if (held.size() < MAX_HELD) {
            held.add(e);
        }
    }

    private void send(JSONObject e) {
        PluginResult r = new PluginResult(PluginResult.Status.OK, e);
        r.setKeepCallback(true);
        listener.sendPluginResult(r);
    }

    static Fields event(String type) {
        return new Fields().putOpt("type", type);
    }

    /** A JSONObject whose putOpt neither throws nor needs a cast. */
    static final class Fields extends JSONObject {
        @Override
        public Fields putOpt(String name, Object value) {
            try {
                super.putOpt(name, value);
            } catch (JSONException e) {
                throw new IllegalArgumentException(e);
            }
            return this;
        }
    }

    @Override
    public void refused(String version, VerificationException e) {
        emit(event("refused").putOpt("version", version).putOpt("reason", e.getMessage()));
    }

    @Override
    public void downloadRefused(String version, String path, Transport.Refusal refusal, String detail) {
        emit(event("refused").putOpt("version", version).putOpt("reason", detail));
    }

    /**
     * Progress of a release's files, as ota-client reports it (0 first, then after each file): {@code
     * updateavailable} with the first report, then {@code downloading} events thinned to steps of at least 1/20 of
     * the total (the first and the last always go), so a bundle of thousands of files does not flood the page.
     */
    @Override
    public void downloading(String version, long bytes, long totalBytes) {
        if (bytes == 0) {
            emit(event("updateavailable").putOpt("version", version));
        } else if (bytes < totalBytes && bytes - lastProgress < Math.max(1, totalBytes / PROGRESS_STEPS)) {
            return;
        }
        lastProgress = bytes;
        emit(event("downloading").putOpt("version", version).putOpt("bytes", bytes).putOpt("totalBytes", totalBytes));
    }

    @Override
    public void installed(String version, Duration took) {
        emit(event("staged").putOpt("version", version));
    }

    @Override
    public void blessed(String version) {
        emit(event("applied").putOpt("version", version));
    }

    @Override
    public void reverted(DeviceState.Revert revert) {
        emit(event("reverted").putOpt("version", revert.version()).putOpt("reason", revert.reason()));
    }
}
