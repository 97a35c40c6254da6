package io.otarelease.pipeline

/**
 * Posts pipeline events through the plugin's {@code otaNotify} step to the channels {@link NotificationRouting}
 * picks. A notification that fails is reported in the log and never fails the release or, worse, a rollback; an
 * abort of the build is not a failed notification and still stops it.
 */
class Notifier implements Serializable {

    private static final long serialVersionUID = 1L

    /** The pipeline script, through which steps are called (kept in the saved program state like any local). */
    private final Object steps
    private final String profile
    private final Map routes
    private final boolean enabled

    Notifier(Object steps, String profile, Map routes, boolean enabled) {
        this.steps = steps
        this.profile = profile
        this.routes = routes == null ? [:] : new LinkedHashMap(routes)
        this.enabled = enabled
    }

    /** Sends {@code event} with {@code details} (version, message, and percent or severity when known). */
    void send(String event, Map details) {
        if (!enabled) {
            return
        }
        List<String> channels = NotificationRouting.channelsFor(event, (String) details.severity, routes)
        for (String channel : channels) {
            Map args = [profile: profile, channel: channel, event: event]
            args.putAll(details)
            try {
                steps.otaNotify(args)
            } catch (InterruptedException e) {
                throw e
            } catch (Exception e) {
                steps.echo("WARNING: the '${event}' notification to ${channel} failed (${e.message}); the pipeline goes on")
            }
        }
    }
}
