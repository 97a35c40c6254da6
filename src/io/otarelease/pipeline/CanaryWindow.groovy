package io.otarelease.pipeline

/**
 * Decides what a canary window does after each check. A window of {@code window} checked every {@code every}
 * plans window/every checks; a FAIL ends it at once; the last planned check decides PASS; INSUFFICIENT_DATA at
 * the end never counts as a pass (silence is not health): it adds one more check, up to {@code maxExtensions},
 * and then a person decides.
 *
 * The object is kept in the pipeline's saved state across the sleeps between checks (a controller restart resumes
 * it), so it holds only numbers and strings.
 */
class CanaryWindow implements Serializable {

    private static final long serialVersionUID = 1L

    static final String PASS = 'PASS'
    static final String FAIL = 'FAIL'
    static final String INSUFFICIENT_DATA = 'INSUFFICIENT_DATA'

    /** Sleep {@link #everySeconds} and check again. */
    static final String CONTINUE = 'CONTINUE'
    /** The window ended on INSUFFICIENT_DATA: one more check was added. */
    static final String EXTEND = 'EXTEND'
    /** The extensions are used up and the data is still insufficient: ask a person. */
    static final String ASK = 'ASK'

    final long windowSeconds
    final long everySeconds
    final int plannedChecks
    final int maxExtensions
    int checksDone
    int extensions
    String lastVerdict

    private CanaryWindow(long windowSeconds, long everySeconds, int maxExtensions) {
        this.windowSeconds = windowSeconds
        this.everySeconds = everySeconds
        this.plannedChecks = (int) Math.max(1L, windowSeconds.intdiv(everySeconds))
        this.maxExtensions = maxExtensions
    }

    /** A window from the configuration texts; errors name the keys. */
    static CanaryWindow of(String window, String every, int maxExtensions) {
        long w = Durations.seconds('window', window)
        long e = Durations.seconds('every', every)
        if (e > w) {
            throw new IllegalArgumentException("'every' (${every}) must not be longer than 'window' (${window})".toString())
        }
        if (maxExtensions < 0) {
            throw new IllegalArgumentException("'maxExtensions' must be 0 or more, got ${maxExtensions}".toString())
        }
        return new CanaryWindow(w, e, maxExtensions)
    }

    /** Records the verdict of one check and says what to do next: CONTINUE, PASS, FAIL, EXTEND or ASK. */
    String record(String verdict) {
        if (!(verdict in [PASS, FAIL, INSUFFICIENT_DATA])) {
            throw new IllegalArgumentException(
                    "otaCanary returned verdict '${verdict}', expected PASS, FAIL or INSUFFICIENT_DATA".toString())
        }
        checksDone++
        lastVerdict = verdict
        if (verdict == FAIL) {
            return FAIL
        }
        if (checksDone < plannedChecks + extensions) {
            return CONTINUE
        }
        if (verdict == PASS) {
            return PASS
        }
        if (extensions < maxExtensions) {
            extensions++
            return EXTEND
        }
        return ASK
    }

    int getChecksLeft() {
        return plannedChecks + extensions - checksDone
    }
}
