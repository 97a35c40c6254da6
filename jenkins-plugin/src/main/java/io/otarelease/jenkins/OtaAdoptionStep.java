package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.otarelease.core.OtaException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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
 * {@code otaAdoption(profile: 'shop', version: '3.4.1')}: adoption of a release 1 h, 24 h and 72 h after it against
 * the targets (20%, 80%, 95% of active devices), from the profile's Prometheus; each milestone reached is shown on
 * the build page. Returns version, releasedAt, nowPercent and readings (after, targetPercent, percent, met).
 */
public final class OtaAdoptionStep extends ReleaseStep {
    public static final String FUNCTION_NAME = "otaAdoption";

    private final String version;
    private String releasedAt;

    @DataBoundConstructor
    public OtaAdoptionStep(String version) {
        this.version = Settings.trim(version);
    }

    public String getVersion() {
        return version;
    }

    public String getReleasedAt() {
        return releasedAt;
    }

    /** @param releasedAt ISO-8601 instant (default: when a device first reported the version) */
    @DataBoundSetter
    public void setReleasedAt(String releasedAt) {
        this.releasedAt = Settings.trim(releasedAt);
    }

    Instant released() {
        try {
            return releasedAt == null ? null : Instant.parse(releasedAt);
        } catch (DateTimeParseException e) {
            throw new OtaException.BadInput(FUNCTION_NAME + " releasedAt: must be an instant like "
                    + "2026-03-29T14:00:00Z, not '" + releasedAt + "'");
        }
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

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
            return "Check an OTA release's adoption against its targets";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }

    public static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient OtaAdoptionStep step;

        Execution(OtaAdoptionStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            try {
                return run(step, getContext(), Administration.current());
            } catch (OtaException e) {
                throw StepSupport.abort(FUNCTION_NAME, e);
            }
        }

        /** The step's work, with the administrator's settings given (so tests drive it without a Jenkins). */
        static Map<String, Object> run(OtaAdoptionStep step, StepContext c, Administration admin) throws Exception {
            if (step.getVersion() == null) {
                throw new OtaException.BadInput(FUNCTION_NAME + " needs version:");
            }
            ReleaseTarget t = ReleaseTarget.of(admin.profile(step.getProfile()), step);
            Map<String, Object> out = ReportFlow.adoption(t, step.getVersion(), step.released(), Clock.systemUTC(),
                    c.get(TaskListener.class).getLogger());
            record(StepSupport.action(c.get(Run.class)), out);
            return out;
        }
    }

    /** The milestones reached so far, on the build page. */
    static void record(OtaReleaseAction action, Map<String, Object> out) {
        for (Object o : (List<?>) out.get("readings")) {
            Map<?, ?> r = (Map<?, ?>) o;
            if (r.get("percent") != null) {
                action.addAdoption(new OtaReleaseAction.Entry(String.valueOf(r.get("after")),
                        Boolean.TRUE.equals(r.get("met")) ? "met" : "missed",
                        String.format(java.util.Locale.ROOT, "%.1f%% of active devices on %s, target %.0f%%",
                                (Double) r.get("percent"), out.get("version"), (Double) r.get("targetPercent"))));
            }
        }
    }
}
