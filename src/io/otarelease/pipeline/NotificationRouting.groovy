package io.otarelease.pipeline

import com.cloudbees.groovy.cps.NonCPS

/**
 * Which notification channels an event goes to, after the seed's three audiences: engineering hears every
 * pipeline event; releases gets one message per release and per rollback; incidents fires only when something
 * went wrong. A canary severity widens the audience: SEV-1 reaches everyone, SEV-2 engineering and incidents,
 * SEV-3 (hotfix in the next cycle, no rollback) engineering only.
 */
class NotificationRouting implements Serializable {

    private static final long serialVersionUID = 1L

    static final String ENGINEERING = 'engineering'
    static final String RELEASES = 'releases'
    static final String INCIDENTS = 'incidents'
    static final List<String> CHANNELS = [ENGINEERING, RELEASES, INCIDENTS].asImmutable()

    /** Default routes by event; every event not listed goes to engineering only. */
    static final Map<String, List<String>> DEFAULT_ROUTES = [
            'stage-passed'      : [ENGINEERING],
            'stage-failed'      : [ENGINEERING],
            'approval-requested': [ENGINEERING, RELEASES],
            'approval-rejected' : [ENGINEERING, RELEASES],
            'release-started'   : [ENGINEERING, RELEASES],
            'rollout-step'      : [ENGINEERING],
            'canary-pass'       : [ENGINEERING],
            'canary-extended'   : [ENGINEERING],
            'canary-undecided'  : [ENGINEERING, INCIDENTS],
            'canary-fail'       : [ENGINEERING, INCIDENTS],
            'rollback'          : [ENGINEERING, RELEASES, INCIDENTS],
            'rollback-failed'   : [ENGINEERING, RELEASES, INCIDENTS],
            'released'          : [ENGINEERING, RELEASES],
            'refresh-failed'    : [ENGINEERING, RELEASES],
    ].asImmutable()

    static final Map<String, List<String>> SEVERITY_CHANNELS = [
            'SEV-1': [ENGINEERING, RELEASES, INCIDENTS],
            'SEV-2': [ENGINEERING, INCIDENTS],
            'SEV-3': [ENGINEERING],
    ].asImmutable()

    /**
     * The channels for {@code event}, widened by {@code severity} (null or 'none' for no incident);
     * {@code overrides} replaces the route of an event (validated by {@link #checkOverrides}).
     * NonCPS: pure collection work, no step.
     */
    @NonCPS
    static List<String> channelsFor(String event, String severity, Map overrides) {
        List<String> route = overrides?.containsKey(event) ?
                (List<String>) overrides[event] : (DEFAULT_ROUTES[event] ?: [ENGINEERING])
        Set<String> out = new LinkedHashSet<String>(route)
        if (severity != null && SEVERITY_CHANNELS.containsKey(severity)) {
            out.addAll(SEVERITY_CHANNELS[severity])
        }
        // a stable order (engineering, releases, incidents) keeps messages and tests predictable
        return CHANNELS.findAll { out.contains(it) }
    }

    /** Refuses routes that name an unknown event or channel; {@code key} names the configuration key. */
    @NonCPS
    static void checkOverrides(String key, Map overrides) {
        overrides.each { event, channels ->
            if (!DEFAULT_ROUTES.containsKey(event)) {
                throw new IllegalArgumentException(
                        "'${key}': unknown event '${event}' (events: ${DEFAULT_ROUTES.keySet().join(', ')})".toString())
            }
            if (!(channels instanceof List)) {
                throw new IllegalArgumentException("'${key}.${event}' must be a list of channels, got ${channels}".toString())
            }
            ((List) channels).each { c ->
                if (!CHANNELS.contains(c)) {
                    throw new IllegalArgumentException(
                            "'${key}.${event}': unknown channel '${c}' (channels: ${CHANNELS.join(', ')})".toString())
                }
            }
        }
    }
}
