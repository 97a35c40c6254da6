package io.otarelease.jenkins;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.otarelease.core.OtaException;
import io.otarelease.core.sign.SecretResolver;
import java.time.Clock;
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
 * {@code otaIncident(action: 'open', version: '3.4.1', severity: 'SEV-2', summary: ..., impact: ...)} and
 * {@code note}, {@code rolledBack}, {@code timeline}, {@code postmortem}, {@code list}: the incident records of
 * {@code ota incident} in the profile's production store ({@link IncidentFlow}). Returns the incident's id, status,
 * severity and, as {@code text}, its timeline or the postmortem skeleton (Markdown). Runs on the controller.
 */
public final class OtaIncidentStep extends ReleaseStep {
    public static final String FUNCTION_NAME = "otaIncident";

    private final String action;
    private String id;
    private String version;
    private String severity;
    private String summary;
    private String impact;
    private String detected;
    private String phase;
    private String text;
    private String target;
    private String productionStore;

    /** @param action open, note, rolledBack, timeline, postmortem or list */
    @DataBoundConstructor
    public OtaIncidentStep(String action) {
        this.action = Settings.trim(action);
    }

    public String getAction() {
        return action;
    }

    public String getId() {
        return id;
    }

    /** @param id the incident (INC-...) for every action but open and list */
    @DataBoundSetter
    public void setId(String id) {
        this.id = Settings.trim(id);
    }

    public String getVersion() {
        return version;
    }

    @DataBoundSetter
    public void setVersion(String version) {
        this.version = Settings.trim(version);
    }

    public String getSeverity() {
        return severity;
    }

    @DataBoundSetter
    public void setSeverity(String severity) {
        this.severity = Settings.trim(severity);
    }

    public String getSummary() {
        return summary;
    }

    @DataBoundSetter
    public void setSummary(String summary) {
        this.summary = Settings.trim(summary);
    }

    public String getImpact() {
        return impact;
    }

    @DataBoundSetter
    public void setImpact(String impact) {
        this.impact = Settings.trim(impact);
    }

    public String getDetected() {
        return detected;
    }

    @DataBoundSetter
    public void setDetected(String detected) {
        this.detected = Settings.trim(detected);
    }

    public String getPhase() {
        return phase;
    }

    @DataBoundSetter
    public void setPhase(String phase) {
        this.phase = Settings.trim(phase);
    }

    public String getText() {
        return text;
    }

    @DataBoundSetter
    public void setText(String text) {
        this.text = Settings.trim(text);
    }

    public String getTarget() {
        return target;
    }

    @DataBoundSetter
    public void setTarget(String target) {
        this.target = Settings.trim(target);
    }

    @Override
    public String getProductionStore() {
        return productionStore;
    }

    @DataBoundSetter
    public void setProductionStore(String productionStore) {
        this.productionStore = Settings.trim(productionStore);
    }

    IncidentFlow.Request request() {
        return new IncidentFlow.Request(action, id, version, severity, summary, impact, detected, phase, text, target);
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
            return "Open, update or read an OTA incident";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String argumentsToString(@NonNull Map<String, Object> namedArgs) {
            Object a = namedArgs.get("action");
            Object id = namedArgs.get("id");
            return a == null ? null : a + (id == null ? "" : " " + id);
        }
    }

    public static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final transient OtaIncidentStep step;

        Execution(OtaIncidentStep step, StepContext context) {
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
        static Map<String, Object> run(OtaIncidentStep step, StepContext c, Administration admin) throws Exception {
            Run<?, ?> run = c.get(Run.class);
            OtaProfile profile = admin.profile(step.getProfile());
            ReleaseTarget t = ReleaseTarget.of(profile, step);
            SecretResolver secrets = JenkinsCredentials.secrets(run);
            ControllerStores stores = ControllerStores.of(admin, profile, t, secrets, Overrides.PRODUCTION_STORE);
            return IncidentFlow.run(stores, t, step.request(), ReleaseSupport.actor(run, c.get(EnvVars.class)),
                    Clock.systemUTC(), c.get(TaskListener.class).getLogger());
        }
    }
}
