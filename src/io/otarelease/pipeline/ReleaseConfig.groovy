package io.otarelease.pipeline

import com.cloudbees.groovy.cps.NonCPS

/**
 * The options of {@code otaRelease}: defaults, types and checks. A mistake is reported before anything is built,
 * with the key at fault named; an unknown key is an error rather than silently ignored, because a misspelt
 * {@code approvers} would otherwise let anyone approve a production release.
 */
class ReleaseConfig implements Serializable {

    private static final long serialVersionUID = 1L

    /** Every option with its default; README "Use the shared library" documents each. */
    static final Map<String, Object> DEFAULTS = [
            profile            : null,        // required: the OTA profile in Jenkins' global configuration
            agent              : '',          // node label for Source..Stage ('' = any agent)
            checkout           : true,        // checkout scm in Source
            tagPrefix          : 'ota/v',
            version            : '',          // overrides the tag (else parameter OTA_VERSION, else TAG_NAME)
            bundleDir          : 'www',
            installCommand     : 'npm ci',
            buildCommand       : 'npm run build',
            testCommand        : 'npm test',  // '' skips the app's unit tests
            testResults        : '',          // JUnit XML of the app's tests, e.g. 'reports/junit/*.xml'
            sourceMapsDir      : 'source-maps',
            sourceMapsUpload   : '',          // shell command storing $OTA_SOURCE_MAPS privately; '' archives them
            minNativeVersion   : '',
            platform           : '',          // 'android' or 'ios': a bundle with platform-specific files
            gateJunit          : 'reports/ota-gates.xml',
            gateSarif          : 'reports/ota-gates.sarif',
            npmAudit           : false,       // Build: `npm audit --json` into reports/npm-audit.json for the audit gate
            licenseCommand     : '',          // Build: prints license-checker JSON (e.g. 'npx --no-install license-checker --json')
            publishSarif       : true,        // recordIssues (Warnings Next Generation plugin)
            smokeTestCommand   : '',          // device smoke tests on the agent, $OTA_VERSION and $OTA_BUNDLE_DIR set
            smokeTestJob       : '',          // or a downstream job given OTA_VERSION
            approvers          : '',          // required: input submitters (users or groups, comma separated)
            approvalTimeout    : '24h',
            rollout            : RolloutPlan.DEFAULT_STEPS,
            canaryWindow       : '1h',
            canaryEvery        : '15m',
            canaryMaxExtensions: 4,
            notifications      : true,
            notifyRoutes       : [:],
            lockResource       : '',          // default ota-<profile>-production
            adoptionChecks     : false,       // after 100%: otaAdoption 1 h, 24 h and 72 h later (the build waits, no executor)
            urgent             : false,       // every production step signs urgent into the pointer (devices apply at once)
    ].asImmutable()

    /** Where the Build stage writes the dependency reports otaGate reads (workspace-relative). */
    static final String NPM_AUDIT_REPORT = 'reports/npm-audit.json'
    static final String LICENSES_REPORT = 'reports/licenses.json'

    private static final Map<String, Class> TYPES = [
            profile: String, agent: String, checkout: Boolean, tagPrefix: String, version: String,
            bundleDir: String, installCommand: String, buildCommand: String, testCommand: String, testResults: String,
            sourceMapsDir: String, sourceMapsUpload: String, minNativeVersion: String, platform: String,
            gateJunit: String,
            gateSarif: String, npmAudit: Boolean, licenseCommand: String,
            publishSarif: Boolean, smokeTestCommand: String, smokeTestJob: String,
            approvers: String, approvalTimeout: String, rollout: List, canaryWindow: String, canaryEvery: String,
            canaryMaxExtensions: Integer, notifications: Boolean, notifyRoutes: Map, lockResource: String,
            adoptionChecks: Boolean, urgent: Boolean,
    ].asImmutable()

    /**
     * The user's options over the defaults, checked. Returns a new map (serializable) with every key set.
     * NonCPS: pure map and string work, no step.
     */
    @NonCPS
    static Map<String, Object> resolve(Map user) {
        Map<String, Object> out = new LinkedHashMap<String, Object>(DEFAULTS)
        (user ?: [:]).each { k, v ->
            String key = k.toString()
            if (!DEFAULTS.containsKey(key)) {
                throw new IllegalArgumentException("otaRelease: unknown option '${key}'${suggestion(key)}".toString())
            }
            out[key] = normalize(key, v)
        }
        check(out)
        if (!out.lockResource) {
            out.lockResource = "ota-${out.profile}-production".toString()
        }
        return out
    }

    @NonCPS
    private static Object normalize(String key, Object value) {
        Class type = TYPES[key]
        Object v = value instanceof GString ? value.toString() : value
        if (v == null) {
            if (key == 'profile') {
                return null
            }
            throw new IllegalArgumentException("otaRelease: option '${key}' must not be null".toString())
        }
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException(
                    "otaRelease: option '${key}' must be a ${type.simpleName}, got ${v.getClass().simpleName} '${v}'".toString())
        }
        return v instanceof List ? new ArrayList((List) v) : v instanceof Map ? new LinkedHashMap((Map) v) : v
    }

    @NonCPS
    private static void check(Map<String, Object> c) {
        String profile = (String) c.profile
        if (!profile?.trim()) {
            throw new IllegalArgumentException(
                    "otaRelease: option 'profile' is required (the OTA profile name in Manage Jenkins » System » OTA Release)")
        }
        name('profile', profile)
        if (c.version) {
            ReleaseTag.checkVersion("otaRelease: option 'version'", (String) c.version)
        }
        if (c.platform && !(c.platform in ['android', 'ios'])) {
            throw new IllegalArgumentException(
                    "otaRelease: option 'platform' must be 'android' or 'ios' (or '': every platform), got '${c.platform}'".toString())
        }
        if (!c.tagPrefix) {
            throw new IllegalArgumentException("otaRelease: option 'tagPrefix' must not be empty")
        }
        relativePath('bundleDir', (String) c.bundleDir)
        relativePath('sourceMapsDir', (String) c.sourceMapsDir)
        relativePath('gateJunit', (String) c.gateJunit)
        relativePath('gateSarif', (String) c.gateSarif)
        if (!c.approvers?.trim()) {
            // without submitters anyone who may start the job could approve a production release
            throw new IllegalArgumentException(
                    "otaRelease: option 'approvers' is required: the users or groups who may approve a production release")
        }
        if (!c.buildCommand?.trim()) {
            throw new IllegalArgumentException("otaRelease: option 'buildCommand' must not be empty")
        }
        if (c.smokeTestCommand && c.smokeTestJob) {
            throw new IllegalArgumentException("otaRelease: give 'smokeTestCommand' or 'smokeTestJob', not both")
        }
        wrap { Durations.seconds('approvalTimeout', c.approvalTimeout) }
        wrap { RolloutPlan.of('rollout', c.rollout) }
        long window = wrap { Durations.seconds('canaryWindow', c.canaryWindow) }
        long every = wrap { Durations.seconds('canaryEvery', c.canaryEvery) }
        if (every > window) {
            throw new IllegalArgumentException(("otaRelease: option 'canaryEvery' (${c.canaryEvery}) " +
                    "must not be longer than 'canaryWindow' (${c.canaryWindow})").toString())
        }
        int ext = (Integer) c.canaryMaxExtensions
        if (ext < 0 || ext > 96) {
            throw new IllegalArgumentException("otaRelease: option 'canaryMaxExtensions' must be between 0 and 96, got ${ext}".toString())
        }
        wrap { NotificationRouting.checkOverrides('notifyRoutes', (Map) c.notifyRoutes) }
    }

    @NonCPS
    private static Object wrap(Closure body) {
        try {
            return body.call()
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("otaRelease: option ${e.message}".toString(), e)
        }
    }

    @NonCPS
    private static void name(String key, String value) {
        if (!(value ==~ /[A-Za-z0-9][A-Za-z0-9._-]{0,63}/)) {
            throw new IllegalArgumentException(
                    "otaRelease: option '${key}' must be letters, digits, '.', '_' or '-' (at most 64), got '${value}'".toString())
        }
    }

    @NonCPS
    private static void relativePath(String key, String value) {
        List<String> segments = value.split('/') as List
        if (!value || value.startsWith('/') || segments.any { it in ['', '.', '..'] } || value.contains('\\')) {
            throw new IllegalArgumentException(
                    "otaRelease: option '${key}' must be a relative path inside the workspace without '..', got '${value}'".toString())
        }
    }

    @NonCPS
    private static String suggestion(String key) {
        String lower = key.toLowerCase()
        String close = DEFAULTS.keySet().find { it.toLowerCase() == lower || distance(it.toLowerCase(), lower) <= 2 }
        return close ? " (did you mean '${close}'?)" : " (options: ${DEFAULTS.keySet().join(', ')})"
    }

    /** Levenshtein distance, for the "did you mean" hint. */
    @NonCPS
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1]
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1]
            cur[0] = i
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost)
            }
            prev = cur
        }
        return prev[b.length()]
    }
}
