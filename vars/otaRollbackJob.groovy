import io.otarelease.pipeline.Failures
import io.otarelease.pipeline.Notifier
import io.otarelease.pipeline.Registry
import io.otarelease.pipeline.RollbackRequest
import io.otarelease.pipeline.Runbook

/*
 * otaRollbackJob: the body of the parameterized rollback job (examples/rollback/Jenkinsfile).
 * Parameters: CHANNEL (one of `channels`), TARGET ('previous' or a rollback-ready version, refreshed from
 * otaRegistry on every run), REASON (required). A person confirms (`approvers`), then otaRollback runs and the
 * releases and incidents channels hear about it. Runs without a node: nothing here needs a workspace.
 * Two on-call runs must not both step back: the job runs one build at a time, the rollback holds the release's
 * lock (`lockResource`, default ota-<profile>-production as otaRelease), and under it the registry is read again;
 * if the channel changed since this run read it (another rollback or release finished meanwhile), nothing is done.
 */
def call(Map config = [:]) {
    if (!config.profile) {
        error("otaRollbackJob: 'profile' is required (the OTA profile in Manage Jenkins » System » OTA Release)")
    }
    List<String> channels = (config.channels ?: ['production']) as List<String>
    Notifier notifier = new Notifier(this, config.profile, config.notifyRoutes, config.notifications != false)
    List entries = otaRegistry(profile: config.profile)
    List<String> targets = ['previous'] + Registry.rollbackTargets(entries)
    String current = Registry.currentVersion(entries, null)
    properties([disableConcurrentBuilds(), parameters([
            choice(name: 'CHANNEL', choices: channels, description: 'The channel to roll back'),
            choice(name: 'TARGET', choices: targets,
                    description: "'previous' = the release before the current one; or a rollback-ready version"),
            string(name: 'REASON', defaultValue: '', trim: true,
                    description: 'Why (required): recorded in the audit log and sent to the incident channel'),
    ])])
    if (RollbackRequest.isParameterless(params)) {
        echo "The job's parameters are now defined: run it with 'Build with Parameters'"
        currentBuild.result = 'NOT_BUILT'
        return
    }
    Map request = null
    try {
        request = RollbackRequest.check(params, channels, targets)
    } catch (IllegalArgumentException e) {
        error(e.message)
    }
    stage('Confirm') {
        Map confirm = [message: "Roll back ${config.profile} ${request.channel} from ${current ?: 'its current release'} " +
                "to ${request.target}? Reason: ${request.reason}", ok: 'Roll back now']
        if (config.approvers) {
            confirm.submitter = config.approvers
        }
        input(confirm)
    }
    stage('Rollback') {
        Map done = null
        String lockResource = (config.lockResource ?: "ota-${config.profile}-production").toString()
        lock(resource: lockResource, inversePrecedence: true) {
            try {
                RollbackRequest.checkUnchanged(current, Registry.currentVersion(otaRegistry(profile: config.profile), null))
            } catch (IllegalArgumentException e) {
                error(e.message)
            }
            try {
                done = otaRollback(profile: config.profile, channel: request.channel, to: request.target,
                        reason: request.reason)
            } catch (err) {
                notifier.send('rollback-failed', [version: current, severity: 'SEV-1',
                        message: "Manual ROLLBACK of ${request.channel} to ${request.target} FAILED: ${Failures.describe(err)}"])
                throw err
            }
        }
        currentBuild.description = "${request.channel}: ${done.from} → ${done.to} (${request.reason})"
        notifier.send('rollback', [version: done.from, severity: config.severity ?: 'SEV-2',
                message: "ROLLBACK executed: ${request.channel} reverted from ${done.from} to ${done.to} " +
                        "in ${done.elapsedMillis} ms (sequence ${done.sequence}). Reason: ${request.reason}"])
        echo Runbook.section(libraryResource(Runbook.PATH), 'Post-rollback checklist')
    }
}
