package io.otarelease.pipeline

import com.cloudbees.groovy.cps.NonCPS

/**
 * The parameters of the rollback job, checked against what is true now: the channel must be one the job offers
 * and the target {@code previous} or a version the registry holds as rollback-ready at this moment (a parameter
 * form can be older than the registry, and a remote trigger can send anything), and a reason is required because
 * it goes into the audit record and the incident channel.
 */
class RollbackRequest implements Serializable {

    private static final long serialVersionUID = 1L

    /** Whether this run only defined the job's parameters (first run, or run without them). */
    @NonCPS
    static boolean isParameterless(Map params) {
        return params == null || (params.CHANNEL == null && params.TARGET == null && params.REASON == null)
    }

    /** [channel, target, reason] from {@code params}; errors name the parameter. */
    @NonCPS
    static Map<String, String> check(Map params, List<String> channels, List<String> targets) {
        String channel = params.CHANNEL?.toString()?.trim()
        String target = params.TARGET?.toString()?.trim()
        String reason = params.REASON?.toString()?.trim()
        if (!channel || !channels.contains(channel)) {
            throw new IllegalArgumentException(
                    "parameter CHANNEL: '${channel ?: ''}' is not a channel this job rolls back (${channels.join(', ')})".toString())
        }
        if (!target) {
            throw new IllegalArgumentException("parameter TARGET is required: 'previous' or a rollback-ready version")
        }
        if (target != 'previous' && !targets.contains(target)) {
            throw new IllegalArgumentException(
                    ("parameter TARGET: '${target}' is not rollback-ready in the registry now (rollback-ready: " +
                            "${targets.findAll { it != 'previous' }.join(', ') ?: 'none'}); choose 'previous' or one of them").toString())
        }
        if (!reason) {
            throw new IllegalArgumentException(
                    'parameter REASON is required: it is recorded in the audit log and sent to the incident channel')
        }
        if (reason.length() > 500) {
            throw new IllegalArgumentException("parameter REASON is ${reason.length()} characters long, at most 500")
        }
        return [channel: channel, target: target, reason: reason]
    }

    /**
     * Stops a rollback whose view of production is stale: {@code seen} is the current version this run showed the
     * person who confirmed, {@code now} the one the registry holds under the lock. A second on-call run queued
     * behind the first would otherwise take 'previous' once more and step production back twice.
     */
    @NonCPS
    static void checkUnchanged(String seen, String now) {
        if (seen != now) {
            throw new IllegalArgumentException(("production changed while this rollback waited: it served " +
                    "${seen ?: 'nothing'} when confirmed and serves ${now ?: 'nothing'} now (another rollback or " +
                    "release finished meanwhile); nothing was rolled back. Check the registry and run the job again " +
                    "if a rollback is still needed").toString())
        }
    }
}
