import io.otarelease.pipeline.Durations
import io.otarelease.pipeline.Failures
import io.otarelease.pipeline.NotificationRouting
import io.otarelease.pipeline.Notifier
import io.otarelease.pipeline.Registry
import io.otarelease.pipeline.ReleaseConfig
import io.otarelease.pipeline.ReleaseTag
import io.otarelease.pipeline.RolloutPlan
import io.otarelease.pipeline.Runbook
import io.otarelease.pipeline.SourceMaps

/*
 * otaRelease: the six stages of an OTA release (Source, Build, Sign, Test, Stage, Release).
 * Options and defaults: io.otarelease.pipeline.ReleaseConfig and README "Use the shared library".
 * Source..Stage run on one agent (one workspace); Release runs outside any node so that no executor waits for the
 * approval or through the canary windows.
 */

def call(Map options = [:]) {
    Map cfg = null
    try {
        cfg = ReleaseConfig.resolve(options)
    } catch (IllegalArgumentException e) {
        error(e.message)
    }
    RolloutPlan plan = RolloutPlan.of('rollout', cfg.rollout)
    Notifier notifier = new Notifier(this, cfg.profile, cfg.notifyRoutes, cfg.notifications)
    Map release = [version: null, previous: null, rolledBack: false]

    onAgent(cfg.agent) {
        releaseStage('Source', notifier, release) {
            release.version = resolveVersion(cfg)
            currentBuild.displayName = "${release.version} #${env.BUILD_NUMBER}"
            if (cfg.checkout) {
                checkout scm
            }
        }
        releaseStage('Build', notifier, release) {
            withEnv(["OTA_VERSION=${release.version}"]) {
                if (cfg.installCommand) {
                    sh cfg.installCommand
                }
                sh cfg.buildCommand
            }
            writeDependencyReports(cfg)
            moveSourceMaps(cfg, release.version)
        }
        releaseStage('Sign', notifier, release) {
            Map signArgs = [profile: cfg.profile, dir: cfg.bundleDir, version: release.version]
            if (cfg.minNativeVersion) {
                signArgs.minNativeVersion = cfg.minNativeVersion
            }
            if (cfg.platform) {
                signArgs.platform = cfg.platform
            }
            Map signed = otaSign(signArgs)
            echo "Signed ${signed.version}: ${signed.bundleHash} by key ${signed.keyId} (${signed.algorithm}), " +
                    "${signed.fileCount} files, ${signed.totalBytes} bytes"
        }
        releaseStage('Test', notifier, release) {
            runTests(cfg, release.version)
        }
        releaseStage('Stage', notifier, release) {
            otaPromote(profile: cfg.profile, version: release.version, to: 'staging', dir: cfg.bundleDir)
        }
    }
    releaseStage('Release', notifier, release) {
        release.previous = Registry.currentVersion(otaRegistry(profile: cfg.profile), release.version)
        approve(cfg, plan, notifier, release)
        lock(resource: cfg.lockResource, inversePrecedence: true) {
            // read again under the lock: another release may have finished while this one waited for approval
            release.previous = Registry.currentVersion(otaRegistry(profile: cfg.profile), release.version)
            rollout(cfg, plan, notifier, release)
            List kept = otaRegistry(profile: cfg.profile)
            echo "Retention: the registry keeps ${Registry.kept(kept)}"
        }
        notifier.send('released', [version: release.version, percent: 100,
                message: "OTA ${release.version} is live for 100% of production"])
    }
    if (cfg.adoptionChecks) {
        stage('Adoption') {
            checkAdoption(cfg, release.version)
        }
    }
}

/**
 * The operations guide's adoption targets (20% of active devices after 1 h, 80% after 24 h, 95% after 72 h),
 * checked as each comes due; otaAdoption lists each on the build page. Outside any node: the durable sleeps hold no
 * executor. A missed target is reported, not a failure: the release is out and healthy by its canaries.
 */
private void checkAdoption(Map cfg, String version) {
    Map last = null
    for (long hours : [1L, 23L, 48L]) {
        sleep(time: hours, unit: 'HOURS')
        last = otaAdoption(profile: cfg.profile, version: version)
    }
    List missed = last.readings.findAll { it.percent != null && !it.met }.collect { "${it.after} (target ${it.targetPercent}%)" }
    echo(missed ? "WARNING: adoption of ${version} missed its target after ${missed.join(', ')}" :
            "Adoption of ${version} met every target")
}

private void onAgent(String label, Closure body) {
    if (label) {
        node(label, body)
    } else {
        node(body)
    }
}

/** A stage that tells engineering how it went. */
private void releaseStage(String name, Notifier notifier, Map release, Closure body) {
    stage(name) {
        try {
            body()
        } catch (err) {
            notifier.send('stage-failed', [version: release.version, message: "${name} failed: ${Failures.describe(err)}"])
            throw err
        }
        notifier.send('stage-passed', [version: release.version, message: "${name} passed"])
    }
}

private String resolveVersion(Map cfg) {
    try {
        if (cfg.version) {
            return cfg.version
        }
        String fromParameter = params.OTA_VERSION
        if (fromParameter?.trim()) {
            return ReleaseTag.checkVersion('parameter OTA_VERSION', fromParameter.trim())
        }
        return ReleaseTag.versionFromTag(env.TAG_NAME, cfg.tagPrefix)
    } catch (IllegalArgumentException e) {
        error(e.message)
    }
}

/**
 * The reports the audit and license gates read. npm audit exits non-zero when it finds anything: the gate, not the
 * exit code, decides (with the policy's threshold); a report that could not be written fails the gate by name.
 */
private void writeDependencyReports(Map cfg) {
    if (cfg.npmAudit) {
        int status = sh(script: "mkdir -p reports && npm audit --json > ${ReleaseConfig.NPM_AUDIT_REPORT}", returnStatus: true)
        echo "npm audit exited ${status}; the audit gate reads ${ReleaseConfig.NPM_AUDIT_REPORT}"
    }
    if (cfg.licenseCommand) {
        sh "mkdir -p reports && ${cfg.licenseCommand} > ${ReleaseConfig.LICENSES_REPORT}"
    }
}

private void moveSourceMaps(Map cfg, String version) {
    String count = withEnv(["OTA_BUNDLE_DIR=${cfg.bundleDir}", "OTA_SOURCE_MAPS=${cfg.sourceMapsDir}"]) {
        sh(script: SourceMaps.MOVE_SCRIPT, returnStdout: true)
    }
    if (count.trim() == '0') {
        echo "No source maps in ${cfg.bundleDir}"
        return
    }
    echo "Moved ${count.trim()} source maps out of ${cfg.bundleDir} into ${cfg.sourceMapsDir} (never shipped)"
    if (cfg.sourceMapsUpload) {
        withEnv(["OTA_SOURCE_MAPS=${cfg.sourceMapsDir}", "OTA_VERSION=${version}"]) {
            sh cfg.sourceMapsUpload
        }
    } else {
        echo "WARNING: source maps archived as build artifacts, readable by whoever reads this job's artifacts; " +
                "set sourceMapsUpload to store them privately"
        archiveArtifacts(artifacts: "${cfg.sourceMapsDir}/**", fingerprint: true)
    }
}

private void runTests(Map cfg, String version) {
    try {
        if (cfg.testCommand) {
            sh cfg.testCommand
        }
    } finally {
        if (cfg.testResults) {
            junit(testResults: cfg.testResults, allowEmptyResults: true)
        }
    }
    try {
        Map gateArgs = [profile: cfg.profile, dir: cfg.bundleDir, junit: cfg.gateJunit, sarif: cfg.gateSarif]
        if (cfg.npmAudit) {
            gateArgs.npmAudit = ReleaseConfig.NPM_AUDIT_REPORT
        }
        if (cfg.licenseCommand) {
            gateArgs.licenses = ReleaseConfig.LICENSES_REPORT
        }
        otaGate(gateArgs)
    } finally {
        junit(testResults: cfg.gateJunit, allowEmptyResults: true)
        if (cfg.publishSarif) {
            recordIssues(tools: [sarif(id: 'ota-gates', name: 'OTA gates', pattern: cfg.gateSarif)])
        }
    }
    if (cfg.smokeTestCommand) {
        withEnv(["OTA_VERSION=${version}", "OTA_BUNDLE_DIR=${cfg.bundleDir}"]) {
            sh cfg.smokeTestCommand
        }
    }
    if (cfg.smokeTestJob) {
        build(job: cfg.smokeTestJob, wait: true, propagate: true,
                parameters: [string(name: 'OTA_VERSION', value: version)])
    }
}

/** The approval, outside any node; a newer build passing a milestone cancels an older one still waiting here. */
private void approve(Map cfg, RolloutPlan plan, Notifier notifier, Map release) {
    milestone(label: 'awaiting approval')
    notifier.send('approval-requested', [version: release.version,
            message: "OTA ${release.version} is staged and awaits approval (rollout ${plan}, replacing ${release.previous ?: 'nothing'})"])
    try {
        timeout(time: Durations.seconds('approvalTimeout', cfg.approvalTimeout), unit: 'SECONDS') {
            String approver = input(message: "Release OTA ${release.version} to production (${plan})?", ok: 'Release',
                    submitter: cfg.approvers, submitterParameter: 'OTA_APPROVER')
            echo "Approved by ${approver}"
        }
    } catch (err) {
        notifier.send('approval-rejected', [version: release.version,
                message: "OTA ${release.version} was not approved (${Failures.describe(err)}); nothing reached production"])
        throw err
    }
    milestone(label: 'approved')
}

/**
 * The phased rollout; any failure once production serves the release rolls it back. A failed first promotion
 * leaves the channel as it was (the plugin's guarantee), so it is not rolled back: that would take production
 * one release further back.
 */
private void rollout(Map cfg, RolloutPlan plan, Notifier notifier, Map release) {
    int percent = 0
    int served = 0
    try {
        for (int i = 0; i < plan.size(); i++) {
            percent = plan.percentAt(i)
            Map promoteArgs = [profile: cfg.profile, version: release.version, to: 'production', percent: percent]
            if (cfg.urgent) {
                promoteArgs.urgent = true // on every step: a widening signs only what it is given
            }
            otaPromote(promoteArgs)
            served = percent
            notifier.send(i == 0 ? 'release-started' : 'rollout-step', [version: release.version, percent: percent,
                    message: "OTA ${release.version} serves ${percent}% of production (plan ${plan})" +
                            (cfg.urgent ? ', urgent: devices apply it at once' : '')])
            if (plan.needsCanaryAfter(i)) {
                Map window = [profile: cfg.profile, version: release.version, window: cfg.canaryWindow,
                              every: cfg.canaryEvery, maxExtensions: cfg.canaryMaxExtensions, approvers: cfg.approvers,
                              notifications: cfg.notifications, notifyRoutes: cfg.notifyRoutes]
                if (release.previous) {
                    window.baselineVersion = release.previous
                }
                Map verdict = otaCanaryWindow(window)
                if (verdict.verdict != 'PASS') {
                    rollBack(cfg, notifier, release, percent, verdict.severity as String,
                            "canary ${verdict.verdict} at ${percent}% " +
                                    "(${verdict.severity ?: 'no severity'}, decided by ${verdict.decidedBy})")
                }
            }
        }
    } catch (err) {
        if (served > 0 && !release.rolledBack) {
            rollBack(cfg, notifier, release, served, 'SEV-2', "release interrupted at ${served}%: ${Failures.describe(err)}")
        }
        throw err
    }
}

private void rollBack(Map cfg, Notifier notifier, Map release, int percent, String severity, String reason) {
    String target = release.previous ?: 'previous'
    release.rolledBack = true
    Map done = null
    try {
        done = otaRollback(profile: cfg.profile, channel: 'production', to: target, reason: reason)
    } catch (err) {
        notifier.send('rollback-failed', [version: release.version, severity: 'SEV-1', percent: percent,
                message: "ROLLBACK of OTA ${release.version} to ${target} FAILED (${Failures.describe(err)}): run the rollback job now"])
        throw err
    }
    // a person's "Roll back" or an interrupted release has no canary severity: SEV-2 is the runbook's manual rollback
    String level = NotificationRouting.SEVERITY_CHANNELS.containsKey(severity) ? severity : 'SEV-2'
    String incident = openIncident(cfg, release, percent, level, reason, done)
    notifier.send('rollback', [version: release.version, severity: level, percent: percent,
            message: "ROLLBACK: production reverted from ${done.from} to ${done.to} in ${done.elapsedMillis} ms; ${reason}" +
                    (incident ? "; incident ${incident}" : '')])
    echo Runbook.section(libraryResource(Runbook.PATH), 'Post-rollback checklist')
    currentBuild.result = 'FAILURE'
    error("OTA ${release.version} rolled back to ${done.to}: ${reason}")
}

/**
 * Records the rollback as an incident (the records `ota incident` keeps: timeline, postmortem skeleton). A failure
 * here is reported and never stops the rollback's announcement.
 */
private String openIncident(Map cfg, Map release, int percent, String severity, String reason, Map done) {
    String id = null
    try {
        Map opened = otaIncident(action: 'open', profile: cfg.profile, version: release.version, severity: severity,
                summary: "OTA ${release.version} rolled back at ${percent}%".toString(),
                impact: "devices in the ${percent}% rollout ran ${release.version} until the rollback".toString(),
                detected: reason)
        id = opened.id
        otaIncident(action: 'rolledBack', profile: cfg.profile, id: opened.id, target: done.to,
                text: "otaRollback: production serves ${done.to} (sequence ${done.sequence}, ${done.elapsedMillis} ms)".toString())
        echo "Incident ${opened.id} opened (${severity}); its postmortem skeleton: " +
                "otaIncident(action: 'postmortem', profile: '${cfg.profile}', id: '${opened.id}')"
    } catch (InterruptedException e) {
        throw e
    } catch (err) {
        echo "WARNING: the incident could not be recorded (${Failures.describe(err)}); open it with 'ota incident open'"
    }
    return id
}
