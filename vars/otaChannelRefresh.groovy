import io.otarelease.pipeline.Failures
import io.otarelease.pipeline.Notifier

/*
 * otaChannelRefresh: the body of a scheduled job that keeps channel pointers from expiring (devices refuse an
 * expired pointer; they are valid 90 days by default). Every run asks otaRefresh for each channel, which re-signs a
 * pointer expiring within `refreshWithinDays` (default 30) under the CLI's rules (only the pointer the signed
 * history records last; never an expired one). A channel that cannot be refreshed is announced (engineering,
 * releases and, as SEV-2, incidents) and fails the build; the others are still refreshed.
 * Options: profile (required), channels (default ['production']), schedule (cron, default daily 'H H(2-5) * * *'),
 * refreshWithinDays, lockResource (default ota-<profile>-production, as otaRelease), notifications, notifyRoutes.
 * Runs without a node: nothing here needs a workspace.
 */
def call(Map config = [:]) {
    if (!config.profile) {
        error("otaChannelRefresh: 'profile' is required (the OTA profile in Manage Jenkins » System » OTA Release)")
    }
    List<String> channels = (config.channels ?: ['production']) as List<String>
    int within = config.refreshWithinDays == null ? 30 : config.refreshWithinDays as int
    String lockResource = (config.lockResource ?: "ota-${config.profile}-production").toString()
    Notifier notifier = new Notifier(this, config.profile, config.notifyRoutes, config.notifications != false)
    properties([disableConcurrentBuilds(), pipelineTriggers([cron((config.schedule ?: 'H H(2-5) * * *').toString())])])
    List<String> failed = []
    for (String channel : channels) {
        stage("Refresh ${channel}") {
            try {
                Map r = null
                lock(resource: lockResource, inversePrecedence: true) {
                    r = otaRefresh(profile: config.profile, channel: channel, refreshWithinDays: within)
                }
                echo "${channel}: ${r.refreshed ? 'refreshed' : 'not due'} (sequence ${r.sequence}, " +
                        "${r.version} at ${r.percent}%, expires ${r.expiresAt}, ${r.daysLeft} days left)"
            } catch (InterruptedException e) {
                throw e // an abort stops the job; it is not a failed refresh
            } catch (err) {
                failed << channel
                notifier.send('refresh-failed', [version: null, severity: 'SEV-2',
                        message: "Channel ${channel} of ${config.profile} could NOT be refreshed: " +
                                "${Failures.describe(err)}. Devices refuse the pointer once it expires: check it " +
                                "with 'ota channel show' and refresh it before then"])
            }
        }
    }
    if (failed) {
        error("otaChannelRefresh: could not refresh ${failed.join(', ')}; see the messages above")
    }
}
