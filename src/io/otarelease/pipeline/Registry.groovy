package io.otarelease.pipeline

import com.cloudbees.groovy.cps.NonCPS

/**
 * Reads the list {@code otaRegistry} returns (maps with {@code version} and {@code status}, statuses as in the
 * design: staged, canary, current, rollback-ready, archived, quarantined).
 * NonCPS throughout: pure list work with closures, no step.
 */
class Registry implements Serializable {

    private static final long serialVersionUID = 1L

    /** The version production serves before this release ({@code null} for a first release). */
    @NonCPS
    static String currentVersion(List entries, String except) {
        Map current = (entries ?: []).find { it.status == 'current' && it.version != except }
        return current?.version
    }

    /** The versions a rollback may target, newest first as the registry lists them. */
    @NonCPS
    static List<String> rollbackTargets(List entries) {
        return (entries ?: []).findAll { it.status == 'rollback-ready' }.collect { it.version.toString() }
    }

    /** One line for the log: the releases retention kept. */
    @NonCPS
    static String kept(List entries) {
        List kept = (entries ?: []).findAll { it.status in ['current', 'rollback-ready'] }
        return kept ? kept.collect { "${it.version} (${it.status})" }.join(', ') : 'none'
    }
}
