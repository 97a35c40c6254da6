package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import io.otarelease.core.OtaException;
import io.otarelease.core.canary.KpiResult;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.canary.Verdict;
import java.time.Clock;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code otaCanary(version: '3.4.1', baselineVersion: '3.4.0')}: one canary check of the KPIs (the waiting and the
 * repeated checks belong to the shared library's otaCanaryWindow, whose durable sleep survives a controller
 * restart). Returns verdict (PASS, FAIL, INSUFFICIENT_DATA), severity and the KPI values; fails the build only with
 * {@code failOnFail: true}. Runs without a workspace.
 */
public final class OtaCanaryStep extends ReleaseStep {
    public static final String FUNCTION_NAME = "otaCanary";

    private final String version;
    private String baselineVersion;
    private String metrics;
    private String thresholds;
    private String window;
    private Long minSessions;
    private boolean failOnFail;
    private int timeoutSeconds;

    @DataBoundConstructor
    public OtaCanaryStep(String version) {
        this.version = Settings.trim(version);
    }

    public String getVersion() {
        return version;
    }

    public String getBaselineVersion() {
        return baselineVersion;
    }

    @DataBoundSetter
    public void setBaselineVersion(String baselineVersion) {
        this.baselineVersion = Settings.trim(baselineVersion);
    }

    public String getMetrics() {
        return metrics;
    }

    /**
     * @param metrics prometheus:URL or json:URL instead of the profile's metricsSource: refused unless the profile
     *                lists metricsSource in allowedOverrides (the controller makes the request)
     */
    @DataBoundSetter
    public void setMetrics(String metrics) {
        this.metrics = Settings.trim(metrics);
    }

    public String getThresholds() {
        return thresholds;
    }

    /** @param thresholds workspace path of a thresholds YAML (default: the profile's, else the built-in levels) */
    @DataBoundSetter
    public void setThresholds(String thresholds) {
        this.thresholds = Settings.trim(thresholds);
    }

    public String getWindow() {
        return window;
    }

    @DataBoundSetter
    public void setWindow(String window) {
        this.window = Settings.trim(window);
    }

    public Long getMinSessions() {
        return minSessions;
    }

    @DataBoundSetter
    public void setMinSessions(Long minSessions) {
        this.minSessions = minSessions;
    }

    public boolean isFailOnFail() {
        return failOnFail;
    }

    @DataBoundSetter
    public void setFailOnFail(boolean failOnFail) {
        this.failOnFail = failOnFail;
    }

    public int getTimeoutSeconds() {
        return timeoutSeconds;
    }

    /** @param timeoutSeconds per request to the metrics source (default 10) */
    @DataBoundSetter
    public void setTimeoutSeconds(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    @Override
    String metricsOverride() {
        return metrics;
    }

    /** @param t the target, whose metricsSource already holds the call's metrics: where the profile allows it */
    CanaryProbe.Request request(ReleaseTarget t) {
        if (version == null) {
            throw new OtaException.BadInput("otaCanary needs version: the version under test");
        }
        return new CanaryProbe.Request(FUNCTION_NAME, t.metricsSource(), version, baselineVersion,
                window, minSessions, timeoutSeconds == 0 ? 10 : timeoutSeconds);
    }

    /** A FAIL ends the build only when asked; INSUFFICIENT_DATA never does (the caller waits or asks a person). */
    static String failure(Verdict verdict, boolean failOnFail) {
        if (!failOnFail || verdict.outcome() != Verdict.Outcome.FAIL) {
            return null;
        }
        return FUNCTION_NAME + ": canary " + verdict.version() + " FAILED (" + verdict.severity().label() + "): "
                + String.join("; ", verdict.breaches().stream().map(KpiResult::describe).toList());
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    @Extension
    @Symbol(FUNCTION_NAME)
    public static final class DescriptorImpl extends OtaStepDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Check the canary KPIs of an OTA release once";
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object v = namedArgs.get("version");
            return v instanceof String s ? s : null;
        }
    }

    public static final class Execution extends OtaStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        // Steps are not serializable and this execution never resumes after a restart, so the step need not survive.
        private final transient OtaCanaryStep step;

        Execution(OtaCanaryStep step, StepContext context) {
            super(context, FUNCTION_NAME);
            this.step = step;
        }

        @Override
        protected Map<String, Object> work(StepContext c, Administration admin) throws Exception {
            return run(step, c, admin);
        }

        /** The step's work, with the administrator's settings given (so tests drive it without a Jenkins). */
        static Map<String, Object> run(OtaCanaryStep step, StepContext c, Administration admin) throws Exception {
            StepRun r = StepRun.of(FUNCTION_NAME, c, admin, step);
            CanaryProbe.Request req = step.request(r.target());
            Verdict verdict = CanaryProbe.run(req, thresholds(step, r.workspace(), r.target()), Clock.systemUTC(),
                    r.log());
            r.action().addCanaryVerdict(new OtaReleaseAction.Entry(step.getVersion(), verdict.outcome().name(),
                    "severity " + verdict.severity().label() + ", " + verdict.sessionCount() + " sessions"));
            String failure = failure(verdict, step.isFailOnFail());
            if (failure != null) {
                throw new AbortException(failure);
            }
            return CanaryProbe.toMap(verdict);
        }

        /**
         * Which thresholds: the call's file (a workspace path), else the profile's thresholds content, else the
         * profile's file (a workspace path), else the operations guide's levels. A file without a workspace is an
         * error rather than a silent fall back to other levels.
         */
        private static Thresholds thresholds(OtaCanaryStep step, FilePath workspace, ReleaseTarget t)
                throws Exception {
            String path = step.getThresholds();
            byte[] yaml;
            String what;
            if (path == null && t.thresholdsContent() != null) {
                yaml = t.thresholdsContent().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                what = "the profile's thresholds content";
            } else {
                path = Settings.pick(path, t.thresholds());
                if (path == null) {
                    return Thresholds.defaults();
                }
                if (workspace == null) {
                    throw new OtaException.BadInput("thresholds " + path + " is a workspace path: call otaCanary "
                            + "inside node, or set the profile's thresholds content");
                }
                yaml = workspace.act(new ReadWorkspaceFile(path, "thresholds"));
                what = path;
            }
            return CanaryProbe.thresholds(yaml, what);
        }
    }
}
