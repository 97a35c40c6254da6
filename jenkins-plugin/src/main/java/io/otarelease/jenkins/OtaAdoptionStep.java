package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.otarelease.core.OtaException;
import io.otarelease.core.report.AdoptionReport;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
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
    public static final class DescriptorImpl extends OtaStepDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Check an OTA release's adoption against its targets";
        }
    }

    public static final class Execution extends OtaStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        // Steps are not serializable and this execution never resumes after a restart, so the step need not survive.
        private final transient OtaAdoptionStep step;

        Execution(OtaAdoptionStep step, StepContext context) {
            super(context, FUNCTION_NAME);
            this.step = step;
        }

        @Override
        protected Map<String, Object> work(StepContext c, Administration admin) throws Exception {
            return run(step, c, admin);
        }

        /** The step's work, with the administrator's settings given (so tests drive it without a Jenkins). */
        static Map<String, Object> run(OtaAdoptionStep step, StepContext c, Administration admin) throws Exception {
            if (step.getVersion() == null) {
                throw new OtaException.BadInput(FUNCTION_NAME + " needs version:");
            }
            StepRun r = StepRun.of(FUNCTION_NAME, c, admin, step);
            AdoptionReport.Result out = AdoptionCheck.run(FUNCTION_NAME, r.target(), step.getVersion(),
                    step.released(), Clock.systemUTC(), r.log());
            record(r.action(), out);
            return AdoptionCheck.toMap(out);
        }
    }

    /** The milestones reached so far, on the build page. */
    static void record(OtaReleaseAction action, AdoptionReport.Result out) {
        for (AdoptionReport.Reading r : out.readings()) {
            if (r.percent() != null) {
                action.addAdoption(new OtaReleaseAction.Entry(AdoptionCheck.after(r), r.met() ? "met" : "missed",
                        String.format(java.util.Locale.ROOT, "%.1f%% of active devices on %s, target %.0f%%",
                                r.percent(), out.version(), r.milestone().targetPercent())));
            }
        }
    }
}
