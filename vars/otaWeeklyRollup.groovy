/*
 * otaWeeklyRollup: the body of a scheduled job (Mondays by default) that mails the weekly rollup of the last seven
 * days (otaReport: releases, delivery and experience health, adoption, incidents, next week; every line citing its
 * source). The mail is the HTML version; the text version is in the build log.
 * Options: profile (required), recipients (required, comma separated), schedule (cron, default 'H 7 * * 1'),
 * since/until (dates, default the seven days ending yesterday), mailer ('mail', the Mailer plugin, or 'emailext').
 * Runs without a node.
 */
def call(Map config = [:]) {
    if (!config.profile || !config.recipients) {
        error("otaWeeklyRollup: 'profile' and 'recipients' are required, got ${config.keySet()}")
    }
    String mailer = (config.mailer ?: 'mail').toString()
    if (!(mailer in ['mail', 'emailext'])) {
        error("otaWeeklyRollup: 'mailer' must be 'mail' or 'emailext', got '${mailer}'")
    }
    properties([disableConcurrentBuilds(), pipelineTriggers([cron((config.schedule ?: 'H 7 * * 1').toString())])])
    Map args = [profile: config.profile]
    if (config.since) {
        args.since = config.since
    }
    if (config.until) {
        args.until = config.until
    }
    Map report = null
    stage('Report') {
        report = otaReport(args)
        echo report.text
        currentBuild.description = report.subject
    }
    stage('Mail') {
        Map message = [to: config.recipients.toString(), subject: report.subject, body: report.html, mimeType: 'text/html']
        if (mailer == 'emailext') {
            emailext(message)
        } else {
            mail(message)
        }
    }
}
