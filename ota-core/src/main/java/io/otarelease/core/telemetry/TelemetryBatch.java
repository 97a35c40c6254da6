package io.otarelease.core.telemetry;

import java.time.Instant;
import java.util.List;

/**
 * One {@code ota-telemetry/1} batch as docs/telemetry.md defines it, already checked by {@link BatchParser}: what a
 * device (an app or a simulated device) reports about its sessions, update checks, downloads, installs, refusals and
 * API calls. {@link #toJson()} writes the wire form, so the fleet simulator sends exactly what an app sends.
 */
public record TelemetryBatch(String batchId, String installId, String app, String channel, String platform,
                             String nativeVersion, Instant sentAt, List<Event> events) {
    public static final String SCHEMA = "ota-telemetry/1";

    public TelemetryBatch {
        events = List.copyOf(events);
    }

    /** Every event has a moment and the bundle version it is about ({@code embedded}: the bundle in the binary). */
    public sealed interface Event {
        Instant at();

        String version();
    }

    /** A session ended; {@code crashed} when it never closed. */
    public record Session(Instant at, String version, boolean cold, boolean crashed, long jsErrors,
                          long jsErrorsBeforeReady) implements Event {
    }

    /** The page called ready; {@code fcpSeconds} is null when the WebView does not report First Contentful Paint. */
    public record Ready(Instant at, String version, double ttiSeconds, Double fcpSeconds) implements Event {
    }

    /** One update check: {@code ok} (something new), {@code none} or {@code failed}. */
    public record UpdateCheck(Instant at, String version, String outcome) implements Event {
    }

    /** A release download ended. */
    public record Download(Instant at, String version, boolean ok, long bytes, double seconds) implements Event {
    }

    /** Download complete to new bundle active. */
    public record Install(Instant at, String version, double seconds) implements Event {
    }

    /** The device refused a pointer, manifest or file. */
    public record Refused(Instant at, String version, String reason) implements Event {
    }

    /** One call to an app API host; {@code status} 0 is a network error. */
    public record Api(Instant at, String version, int status, double seconds) implements Event {
        /** Network errors and 4xx/5xx answers are errors ({@code ota_api_errors_total}). */
        public boolean failed() {
            return status == 0 || status >= 400;
        }
    }

    /** The wire form (docs/telemetry.md). */
    public String toJson() {
        StringBuilder b = new StringBuilder(128 + events.size() * 120);
        b.append("{\"schema\":\"").append(SCHEMA).append("\",\"batchId\":").append(q(batchId))
                .append(",\"installId\":").append(q(installId)).append(",\"app\":").append(q(app))
                .append(",\"channel\":").append(q(channel)).append(",\"platform\":").append(q(platform))
                .append(",\"nativeVersion\":").append(q(nativeVersion)).append(",\"sentAt\":").append(q(sentAt.toString()))
                .append(",\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            b.append(i == 0 ? "" : ",").append("{\"type\":\"").append(type(e)).append("\",\"at\":").append(q(e.at().toString()))
                    .append(",\"version\":").append(q(e.version()));
            if (e instanceof Session s) {
                b.append(",\"cold\":").append(s.cold()).append(",\"crashed\":").append(s.crashed())
                        .append(",\"jsErrors\":").append(s.jsErrors()).append(",\"jsErrorsBeforeReady\":")
                        .append(s.jsErrorsBeforeReady());
            } else if (e instanceof Ready r) {
                b.append(",\"ttiSeconds\":").append(r.ttiSeconds());
                if (r.fcpSeconds() != null) {
                    b.append(",\"fcpSeconds\":").append(r.fcpSeconds());
                }
            } else if (e instanceof UpdateCheck u) {
                b.append(",\"outcome\":").append(q(u.outcome()));
            } else if (e instanceof Download d) {
                b.append(",\"outcome\":\"").append(d.ok() ? "ok" : "failed").append("\",\"bytes\":")
                        .append(d.bytes()).append(",\"seconds\":").append(d.seconds());
            } else if (e instanceof Install in) {
                b.append(",\"seconds\":").append(in.seconds());
            } else if (e instanceof Refused r) {
                b.append(",\"reason\":").append(q(r.reason()));
            } else if (e instanceof Api a) {
                b.append(",\"status\":").append(a.status()).append(",\"seconds\":").append(a.seconds());
            }
            b.append('}');
        }
        return b.append("]}").toString();
    }

    static String type(Event e) {
        if (e instanceof Session) {
            return "session";
        } else if (e instanceof Ready) {
            return "ready";
        } else if (e instanceof UpdateCheck) {
            return "update_check";
        } else if (e instanceof Download) {
            return "download";
        } else if (e instanceof Install) {
            return "install";
        } else if (e instanceof Refused) {
            return "refused";
        }
        return "api";
    }

    /** Values here are checked identifiers and instants; quotes and backslashes are escaped all the same. */
    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
