package io.otarelease.jenkins;

import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import io.otarelease.core.notify.Channel;
import io.otarelease.core.notify.Delivery;
import io.otarelease.core.notify.Endpoint;
import io.otarelease.core.notify.Event;
import io.otarelease.core.notify.EventType;
import io.otarelease.core.notify.Notifier;
import io.otarelease.core.notify.NotifyConfig;
import io.otarelease.core.notify.NotifyReport;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What {@code otaNotify} does once Jenkins has given it the webhook URL: one message to the one channel the shared
 * library chose (routing is the library's), through ota-core's {@link Notifier} (retries, Slack Block Kit or
 * {@code ota-notification/1}). A delivery that fails is returned and logged, never thrown. No Jenkins type here, so
 * it is tested against a real local receiver.
 */
final class NotifyFlow {
    private static final Pattern EVENT = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    /** Words for the shared library's events in the message title; an unknown event reads "reported". */
    private static final Map<String, String> STATUS = Map.ofEntries(Map.entry("stage-passed", "passed"),
            Map.entry("stage-failed", "FAILED"), Map.entry("approval-requested", "awaiting approval"),
            Map.entry("approval-rejected", "rejected"), Map.entry("release-started", "rollout started"),
            Map.entry("rollout-step", "rollout widened"), Map.entry("released", "live"),
            Map.entry("canary-pass", "PASS"), Map.entry("canary-extended", "extended"),
            Map.entry("canary-undecided", "UNDECIDED"), Map.entry("canary-fail", "FAIL"),
            Map.entry("rollback", "ROLLED BACK"), Map.entry("rollback-failed", "ROLLBACK FAILED"));

    /** One call of the step, checked: every value the message needs. */
    record Request(String appId, Channel channel, String event, String version, String message, int percent,
            String severity, Endpoint.Transport transport) {
    }

    private NotifyFlow() {
    }

    static Request request(OtaNotifyStep step, String appId) {
        if (appId == null) {
            throw new OtaException.BadInput("otaNotify needs appId: give it or name a profile that has one");
        }
        Channel channel = Channel.parse(Settings.trim(step.getChannel()) == null ? "" : step.getChannel(),
                "otaNotify channel:");
        String event = Settings.trim(step.getEvent());
        if (event == null || !EVENT.matcher(event).matches()) {
            throw new OtaException.BadInput("otaNotify event: must be a lower-case event name such as 'rollback' or "
                    + "'canary-fail'" + (event == null ? "" : ", not '" + event + "'"));
        }
        String version = require(step.getVersion(), "version", "the release the message is about");
        String message = require(step.getMessage(), "message", "the text people read");
        if (step.getPercent() < 0 || step.getPercent() > 100) {
            throw new OtaException.BadInput("otaNotify percent: must be 0 (not given) to 100, not " + step.getPercent());
        }
        Endpoint.Transport transport = switch (Settings.pick(step.getTransport(), "slack")) {
            case "slack" -> Endpoint.Transport.SLACK;
            case "webhook" -> Endpoint.Transport.WEBHOOK;
            default -> throw new OtaException.BadInput("otaNotify transport: must be slack or webhook, not '"
                    + step.getTransport() + "'");
        };
        String severity = Settings.trim(step.getSeverity());
        return new Request(appId, channel, event, version, message, step.getPercent(),
                severity == null || severity.equals("none") ? null : severity, transport);
    }

    private static String require(String value, String field, String what) {
        String v = Settings.trim(value);
        if (v == null) {
            throw new OtaException.BadInput("otaNotify needs " + field + ": " + what);
        }
        return v;
    }

    /**
     * The credential id for {@code channel} from a profile's {@code notificationCredentialsIds}: comma-separated
     * {@code channel=id} entries, and at most one bare {@code id} for every channel not named.
     */
    static String credentialId(String ids, Channel channel) {
        if (Settings.trim(ids) == null) {
            throw new OtaException.BadInput("otaNotify needs notificationCredentialsIds (in the profile or the call): "
                    + "the id of a Secret text credential holding the " + channel.label() + " webhook URL");
        }
        String fallback = null;
        for (String entry : ids.split(",")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            if (eq < 0) {
                if (fallback != null) {
                    throw new OtaException.BadInput("notificationCredentialsIds names two ids for every channel ('"
                            + fallback + "', '" + e + "'): write channel=id for each channel");
                }
                fallback = e;
                continue;
            }
            Channel named = Channel.parse(e.substring(0, eq).strip(), "notificationCredentialsIds entry");
            String id = e.substring(eq + 1).strip();
            if (id.isEmpty()) {
                throw new OtaException.BadInput("notificationCredentialsIds: " + named.label() + "= names no id");
            }
            if (named == channel) {
                return id;
            }
        }
        if (fallback == null) {
            throw new OtaException.BadInput("notificationCredentialsIds has no id for the " + channel.label()
                    + " channel: add " + channel.label() + "=<credentials id>");
        }
        return fallback;
    }

    /** The message: the pipeline template, the library's event as the stage, its text as the detail. */
    static Event event(Request r, Instant at) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("version", r.version());
        f.put("stage", r.event());
        String status = STATUS.getOrDefault(r.event(), "reported");
        if (r.percent() > 0) {
            status += " at " + r.percent() + "%";
        }
        if (r.severity() != null) {
            status += " (" + r.severity() + ")";
            f.put("severity", r.severity());
        }
        f.put("status", status);
        f.put("detail", r.message());
        if (r.percent() > 0) {
            f.put("percent", Integer.toString(r.percent()));
        }
        return Event.of(EventType.PIPELINE, r.appId(), at.truncatedTo(ChronoUnit.SECONDS), f);
    }

    /** What one notification did. */
    record Result(String channel, String event, Delivery delivery) {
        boolean delivered() {
            return delivery.outcome() == Delivery.Outcome.DELIVERED;
        }

        /** What {@code otaNotify} returns: channel, event, delivered, outcome, attempts, detail (never the URL). */
        Map<String, Object> toMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("channel", channel);
            out.put("event", event);
            out.put("delivered", delivered());
            out.put("outcome", delivery.outcome().name());
            out.put("attempts", delivery.attempts());
            out.put("detail", delivery.detail());
            return out;
        }
    }

    /**
     * Sends the message and reports it in {@code log}; the URL is used only inside the notifier and destroyed
     * after.
     */
    static Result send(Request r, Secret url, Notifier.Sleeper sleeper, Instant now, PrintStream log) {
        NotifyReport report;
        try {
            Endpoint ep = new Endpoint(r.channel(), r.transport(), url);
            Map<EventType, List<Channel>> routes = Map.of(EventType.PIPELINE, List.of(r.channel()));
            report = new Notifier(new NotifyConfig(Map.of(r.channel(), ep), routes, NotifyConfig.Retry.DEFAULT),
                    sleeper).send(event(r, now));
        } finally {
            url.destroy();
        }
        Result out = new Result(r.channel().label(), r.event(), report.deliveries().get(0));
        if (out.delivered()) {
            log.println("otaNotify: '" + r.event() + "' to " + out.channel() + ": delivered "
                    + out.delivery().detail());
        } else {
            log.println("WARNING: otaNotify: the '" + r.event() + "' notification to " + out.channel()
                    + " FAILED: " + out.delivery().detail());
        }
        return out;
    }
}
