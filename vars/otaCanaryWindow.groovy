import io.otarelease.pipeline.CanaryWindow
import io.otarelease.pipeline.Durations
import io.otarelease.pipeline.Notifier

/*
 * otaCanaryWindow: repeated otaCanary checks for one version, `every` apart, over `window`.
 * Call it outside any node: `sleep` is durable (the wait survives a controller restart) and holds no executor.
 * Stops early on FAIL; INSUFFICIENT_DATA at the end of the window adds one check at a time, up to `maxExtensions`,
 * then asks a person (`approvers`, within `decisionTimeout`). Returns [verdict: 'PASS'|'FAIL', severity, kpis,
 * checks, extensions, decidedBy: 'canary'|'person'].
 */
def call(Map args) {
    if (!args?.profile || !args?.version) {
        error("otaCanaryWindow: 'profile' and 'version' are required, got ${args?.keySet()}")
    }
    String windowText = args.window ?: '1h'
    CanaryWindow window = null
    long decisionSeconds = 0
    try {
        window = CanaryWindow.of(windowText, (args.every ?: '15m') as String,
                args.maxExtensions == null ? 4 : args.maxExtensions as int)
        decisionSeconds = Durations.seconds('decisionTimeout', args.decisionTimeout ?: '4h')
    } catch (IllegalArgumentException e) {
        error("otaCanaryWindow: ${e.message}")
    }
    Notifier notifier = new Notifier(this, args.profile, args.notifyRoutes, args.notifications != false)
    Map check = [profile: args.profile, version: args.version, window: windowText, failOnFail: false]
    if (args.baselineVersion) {
        check.baselineVersion = args.baselineVersion
    }
    if (args.thresholds) {
        check.thresholds = args.thresholds
    }
    echo "Canary window for ${args.version}: ${window.plannedChecks} checks every ${Durations.format(window.everySeconds)}"
    while (true) {
        sleep(time: window.everySeconds, unit: 'SECONDS')
        Map result = checkOnce(check)
        String next = window.record(result.verdict as String)
        echo "Canary ${args.version} check ${window.checksDone}: ${result.verdict} (severity ${result.severity ?: 'none'})"
        Map details = [version: args.version, severity: result.severity]
        if (next == CanaryWindow.CONTINUE) {
            continue
        }
        if (next == CanaryWindow.EXTEND) {
            notifier.send('canary-extended', details + [message: "Canary ${args.version}: not enough data yet; " +
                    "window extended by ${Durations.format(window.everySeconds)} (${window.extensions} of ${window.maxExtensions})"])
            continue
        }
        if (next == CanaryWindow.PASS || next == CanaryWindow.FAIL) {
            notifier.send(next == CanaryWindow.PASS ? 'canary-pass' : 'canary-fail', details +
                    [message: "Canary ${args.version}: ${result.verdict} after ${window.checksDone} checks"])
            return outcome(next, result, window, 'canary')
        }
        notifier.send('canary-undecided', details + [message: "Canary ${args.version}: still not enough data after " +
                "${window.extensions} extensions; a person must decide"])
        Map ask = [message: "Canary ${args.version} has too few sessions to judge after ${window.checksDone} checks. " +
                'Continue or roll back?',
                   ok: 'Decide', parameters: [choice(name: 'DECISION', choices: ['Roll back', 'Continue the rollout'],
                        description: 'Continuing widens the rollout without a passing canary')]]
        if (args.approvers) {
            ask.submitter = args.approvers
        }
        String decision = null
        timeout(time: decisionSeconds, unit: 'SECONDS') {
            decision = input(ask)
        }
        return outcome(decision == 'Continue the rollout' ? CanaryWindow.PASS : CanaryWindow.FAIL, result, window, 'person')
    }
}

/**
 * One otaCanary call. A check that could not be made (metrics source down, bad answer) counts as INSUFFICIENT_DATA:
 * never a pass, and not a reason to roll back a healthy release on a monitoring outage either; repeated, it ends
 * with a person deciding.
 */
private Map checkOnce(Map check) {
    try {
        return otaCanary(check)
    } catch (InterruptedException e) {
        throw e
    } catch (Exception e) {
        echo "WARNING: canary check of ${check.version} could not be made (${e.message}); counted as INSUFFICIENT_DATA"
        return [verdict: CanaryWindow.INSUFFICIENT_DATA, severity: null, kpis: [:]]
    }
}

private Map outcome(String verdict, Map last, CanaryWindow window, String decidedBy) {
    return [verdict: verdict, severity: last.severity, kpis: last.kpis, checks: window.checksDone,
            extensions: window.extensions, decidedBy: decidedBy]
}
