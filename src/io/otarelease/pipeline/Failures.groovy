package io.otarelease.pipeline

import com.cloudbees.groovy.cps.NonCPS

/**
 * Says what went wrong for a notification or a log line. A {@code FlowInterruptedException} — a rejected
 * {@code input}, a {@code timeout} that fired, an abort — has no message: what happened is in its causes
 * ("Rejected by alice", "Timeout has been exceeded"), so those are read instead of printing "null".
 */
class Failures implements Serializable {

    private static final long serialVersionUID = 1L

    @NonCPS
    static String describe(Throwable err) {
        if (err == null) {
            return 'unknown error'
        }
        if (err.message) {
            return err.message
        }
        List<String> causes = []
        if (err.metaClass.respondsTo(err, 'getCauses')) {
            for (Object cause : (err.causes ?: [])) {
                String text = cause?.metaClass?.respondsTo(cause, 'getShortDescription') ? cause.shortDescription : null
                if (text) {
                    causes << text
                }
            }
        }
        String result = err.metaClass.respondsTo(err, 'getResult') ? err.result?.toString() : null
        if (causes) {
            return causes.join('; ')
        }
        return result ? "interrupted (${result})".toString() : err.getClass().simpleName
    }
}
