package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.otarelease.core.OtaException;
import io.otarelease.core.canary.Thresholds;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
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
    ReleaseFlow.CanaryRequest request(ReleaseTarget t) {
        if (version == null) {
            throw new OtaException.BadInput("otaCanary needs version: the version under test");
        }
        return new ReleaseFlow.CanaryRequest(t.metricsSource(), version, baselineVersion,
                window, minSessions, timeoutSeconds == 0 ? 10 : timeoutSeconds);
    }

    /** A FAIL ends the build only when asked; INSUFFICIENT_DATA never does (the caller waits or asks a person). */
    static String failure(Map<String, Object> verdict, boolean failOnFail) {
        if (!failOnFail || !"FAIL".equals(verdict.get("verdict"))) {
            return null;
        }
        @SuppressWarnings("unchecked")
        List<String> breaches = (List<String>) verdict.get("breaches");
        return FUNCTION_NAME + ": canary " + verdict.get("version") + " FAILED (" + verdict.get("severity") + "): "
                + String.join("; ", breaches);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** The symbol is the function name, so the step reads the same wherever structs resolves it. */
    @Extension
    @Symbol(FUNCTION_NAME)
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return FUNCTION_NAME;
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Check the canary KPIs of an OTA release once";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object v = namedArgs.get("version");
            return v instanceof String s ? s : null;
        }
    }

    public static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient OtaCanaryStep step;

        Execution(OtaCanaryStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            try {
                return run(step, getContext(), Administration.current());
            } catch (OtaException e) {
                throw StepSupport.abort(FUNCTION_NAME, e); // a user error: its message, no stack trace
            }
        }

        /** The step's work, with the administrator's settings given (so tests drive it without a Jenkins). */
        static Map<String, Object> run(OtaCanaryStep step, StepContext c, Administration admin) throws Exception {
            PrintStream log = c.get(TaskListener.class).getLogger();
            ReleaseTarget t = ReleaseTarget.of(admin.profile(step.getProfile()), step);
            ReleaseFlow.CanaryRequest req = step.request(t);
            Map<String, Object> verdict = ReleaseFlow.canary(req, thresholds(step, c.get(FilePath.class), t),
                    Clock.systemUTC(), log);
            StepSupport.action(c.get(Run.class)).addCanaryVerdict(new OtaReleaseAction.Entry(step.getVersion(),
                    String.valueOf(verdict.get("verdict")), "severity " + verdict.get("severity") + ", "
                    + verdict.get("sessions") + " sessions"));
            String failure = failure(verdict, step.isFailOnFail());
            if (failure != null) {
                throw new AbortException(failure);
            }
            return verdict;
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
            return ReleaseFlow.thresholds(yaml, what);
        }
    }
}
