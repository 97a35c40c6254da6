package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Function names, required contexts, the shape Jenkins expects of steps, and the index that registers them. */
class DescriptorTest {
    @Test
    void otaSignRunsInsideNodeWithTheBuildAndItsEnvironment() {
        StepDescriptor d = Local.withoutConstructor(OtaSignStep.DescriptorImpl.class);

        assertThat(d.getFunctionName()).isEqualTo("otaSign");
        assertThat(d.getDisplayName()).isNotBlank();
        assertThat(new java.util.HashSet<Object>(d.getRequiredContext()))
                .containsExactlyInAnyOrder(Run.class, TaskListener.class, FilePath.class,
                EnvVars.class);
    }

    @Test
    void otaVerifyNeedsOnlyAWorkspaceAndALog() {
        StepDescriptor d = Local.withoutConstructor(OtaVerifyStep.DescriptorImpl.class);

        assertThat(d.getFunctionName()).isEqualTo("otaVerify");
        assertThat(d.getDisplayName()).isNotBlank();
        assertThat(new java.util.HashSet<Object>(d.getRequiredContext()))
                .containsExactlyInAnyOrder(TaskListener.class, FilePath.class);
    }

    @Test
    void otaGateRunsInsideNode() {
        StepDescriptor d = Local.withoutConstructor(OtaGateStep.DescriptorImpl.class);

        assertThat(d.getFunctionName()).isEqualTo("otaGate");
        assertThat(d.getDisplayName()).isNotBlank();
        assertThat(new java.util.HashSet<Object>(d.getRequiredContext()))
                .containsExactlyInAnyOrder(Run.class, TaskListener.class, FilePath.class);
    }

    /** The library calls these outside node (no executor waits during a rollout, a canary or a rollback job). */
    @ParameterizedTest
    @ValueSource(classes = {OtaPromoteStep.DescriptorImpl.class, OtaCanaryStep.DescriptorImpl.class,
        OtaRollbackStep.DescriptorImpl.class, OtaNotifyStep.DescriptorImpl.class, OtaRefreshStep.DescriptorImpl.class,
        OtaIncidentStep.DescriptorImpl.class, OtaReportStep.DescriptorImpl.class,
        OtaAdoptionStep.DescriptorImpl.class})
    void releaseStepsRunWithoutAWorkspace(Class<? extends StepDescriptor> type) {
        StepDescriptor d = Local.withoutConstructor(type);

        assertThat(d.getDisplayName()).isNotBlank();
        assertThat(new java.util.HashSet<Object>(d.getRequiredContext()))
                .containsExactlyInAnyOrder(Run.class, TaskListener.class);
    }

    @Test
    void functionNamesAreTheOnesTheSharedLibraryCalls() {
        assertThat(Local.withoutConstructor(OtaPromoteStep.DescriptorImpl.class).getFunctionName())
                .isEqualTo("otaPromote");
        assertThat(Local.withoutConstructor(OtaCanaryStep.DescriptorImpl.class).getFunctionName())
                .isEqualTo("otaCanary");
        assertThat(Local.withoutConstructor(OtaRollbackStep.DescriptorImpl.class).getFunctionName())
                .isEqualTo("otaRollback");
        assertThat(Local.withoutConstructor(OtaNotifyStep.DescriptorImpl.class).getFunctionName())
                .isEqualTo("otaNotify");
        assertThat(Local.withoutConstructor(OtaNotifyStep.DescriptorImpl.class)
                .argumentsToString(java.util.Map.of("channel", "releases", "event", "rollback")))
                .isEqualTo("releases: rollback");
        StepDescriptor registry = Local.withoutConstructor(OtaRegistryStep.DescriptorImpl.class);
        assertThat(registry.getFunctionName()).isEqualTo("otaRegistry");
        assertThat(new java.util.HashSet<Object>(registry.getRequiredContext()))
                .containsExactlyInAnyOrder(Run.class, TaskListener.class);
    }

    @ParameterizedTest
    @ValueSource(classes = {OtaSignStep.DescriptorImpl.class, OtaVerifyStep.DescriptorImpl.class,
        OtaGateStep.DescriptorImpl.class, OtaPromoteStep.DescriptorImpl.class, OtaCanaryStep.DescriptorImpl.class,
        OtaRollbackStep.DescriptorImpl.class, OtaRegistryStep.DescriptorImpl.class,
        OtaNotifyStep.DescriptorImpl.class})
    void everyStepCarriesItsFunctionNameAsSymbol(Class<? extends StepDescriptor> type) {
        org.jenkinsci.Symbol symbol = type.getAnnotation(org.jenkinsci.Symbol.class);
        assertThat(symbol).as(type.getName()).isNotNull();
        assertThat(symbol.value()).containsExactly(Local.withoutConstructor(type).getFunctionName());
    }

    @Test
    void theStageViewShowsTheDestinationTheVersionAndTheTarget() {
        assertThat(Local.withoutConstructor(OtaPromoteStep.DescriptorImpl.class)
                .argumentsToString(java.util.Map.of("to", "production", "percent", 25))).isEqualTo("production 25%");
        assertThat(Local.withoutConstructor(OtaCanaryStep.DescriptorImpl.class)
                .argumentsToString(java.util.Map.of("version", "3.4.1"))).isEqualTo("3.4.1");
        assertThat(Local.withoutConstructor(OtaRollbackStep.DescriptorImpl.class)
                .argumentsToString(java.util.Map.of("reason", "x"))).isEqualTo("previous");
    }

    @Test
    void theStageViewShowsTheVersionSignedAndTheDirectoryVerified() {
        StepDescriptor sign = Local.withoutConstructor(OtaSignStep.DescriptorImpl.class);
        StepDescriptor verify = Local.withoutConstructor(OtaVerifyStep.DescriptorImpl.class);

        assertThat(sign.argumentsToString(java.util.Map.of("version", "3.4.1", "pinCredentialsId", "hsm-pin")))
                .isEqualTo("3.4.1");
        assertThat(verify.argumentsToString(java.util.Map.of("dir", "dist"))).isEqualTo("dist");
        assertThat(verify.argumentsToString(java.util.Map.of())).isEqualTo("www");
    }

    @ParameterizedTest
    @ValueSource(classes = {OtaSignStep.class, OtaVerifyStep.class, OtaGateStep.class, OtaPromoteStep.class,
        OtaCanaryStep.class, OtaRollbackStep.class, OtaRegistryStep.class, OtaNotifyStep.class})
    void stepsFollowTheJenkinsShape(Class<? extends Step> step) throws Exception {
        Class<?> descriptor = Class.forName(step.getName() + "$DescriptorImpl");
        assertThat(Modifier.isStatic(descriptor.getModifiers()) && Modifier.isPublic(descriptor.getModifiers()))
                .as("descriptor nested, public and static (Descriptor() takes the enclosing class)").isTrue();
        assertThat(descriptor.isAnnotationPresent(Extension.class)).isTrue();
        assertThat(descriptor.getConstructor()).isNotNull();

        Class<?> execution = Class.forName(step.getName() + "$Execution");
        assertThat(SynchronousNonBlockingStepExecution.class).isAssignableFrom(execution);
        assertThat(Modifier.isStatic(execution.getModifiers())).isTrue();
        Field uid = execution.getDeclaredField("serialVersionUID");
        uid.setAccessible(true);
        assertThat(uid.getLong(null)).isEqualTo(1L);
        Field stepField = execution.getDeclaredField("step");
        assertThat(Modifier.isTransient(stepField.getModifiers())).as("steps are not serializable").isTrue();
        for (Field f : execution.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                assertThat(Modifier.isTransient(f.getModifiers())).as(f.getName()).isTrue();
            }
        }
    }

    @Test
    void theCompiledExtensionIndexListsEveryDescriptorAndTheGlobalConfiguration() {
        List<String> indexed = new ArrayList<>();
        for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class,
                getClass().getClassLoader())) {
            indexed.add(item.className());
        }
        assertThat(indexed).contains(OtaSignStep.DescriptorImpl.class.getName(),
                OtaVerifyStep.DescriptorImpl.class.getName(), OtaGateStep.DescriptorImpl.class.getName(),
                OtaPromoteStep.DescriptorImpl.class.getName(), OtaCanaryStep.DescriptorImpl.class.getName(),
                OtaRollbackStep.DescriptorImpl.class.getName(), OtaRegistryStep.DescriptorImpl.class.getName(),
                OtaNotifyStep.DescriptorImpl.class.getName(), OtaRefreshStep.DescriptorImpl.class.getName(),
                OtaIncidentStep.DescriptorImpl.class.getName(), OtaReportStep.DescriptorImpl.class.getName(),
                OtaAdoptionStep.DescriptorImpl.class.getName(),
                OtaGlobalConfiguration.class.getName(),
                OtaProfile.DescriptorImpl.class.getName(), OtaSignerSettings.DescriptorImpl.class.getName());
    }
}
