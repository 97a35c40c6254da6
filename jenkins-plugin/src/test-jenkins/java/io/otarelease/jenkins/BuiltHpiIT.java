package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.PluginWrapper;
import hudson.model.Label;
import hudson.model.Result;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.junit.Rule;
import org.junit.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.RealJenkinsRule;

/**
 * The packaged .hpi (not the test class path's classes) installed into a real Jenkins: its own JVM, the real
 * plugin manager and class loaders, its dependencies resolved from the API plugins. Runs after package
 * (failsafe); pom-jenkins.xml copies target/jenkins/ota-release.hpi to the test class path as plugins/.
 * Only Jenkins types appear in the bodies: the plugin's own classes must come from the installed .hpi.
 */
public class BuiltHpiIT {
    @Rule
    public RealJenkinsRule rr = new RealJenkinsRule()
            .omitPlugins("ota-release")
            .addPlugins("plugins/" + System.getProperty("ota.hpiName", "ota-release.hpi"));

    @Test
    public void theBuiltHpiLoadsWithItsDependenciesAndRunsTheGateOnAnAgent() throws Throwable {
        rr.then(BuiltHpiIT::installedAndGated);
    }

    private static void installedAndGated(JenkinsRule r) throws Throwable {
        PluginWrapper plugin = r.jenkins.getPluginManager().getPlugin("ota-release");
        assertThat(plugin).as("ota-release installed from the .hpi").isNotNull();
        assertThat(plugin.isActive()).isTrue();
        assertThat(plugin.getArchive().getName()).endsWith(".hpi");
        assertThat(r.jenkins.getPluginManager().getFailedPlugins()).isEmpty();
        // without a plugin-first class loader the Plugin Manager shows our description, not a dependency's
        assertThat(plugin.getIndexPage().toString()).contains("ota-release");
        assertThat(plugin.getDependencies()).extracting(d -> d.shortName)
                .contains("aws-java-sdk2-core", "aws-java-sdk2-s3", "jackson2-api", "snakeyaml-api");
        for (String step : List.of("otaSign", "otaVerify", "otaGate", "otaPromote", "otaCanary", "otaRollback",
                "otaRegistry", "otaNotify")) {
            assertThat(StepDescriptor.byFunctionName(step)).as(step).isNotNull();
        }
        // an AWS class a step names resolves to the aws-java-sdk2-core plugin's copy: one SDK in the controller
        Class<?> provider = plugin.classLoader.loadClass(
                "software.amazon.awssdk.auth.credentials.AwsCredentialsProvider");
        assertThat(r.jenkins.getPluginManager().whichPlugin(provider).getShortName()).isEqualTo("aws-java-sdk2-core");

        // the first gate on a fresh agent: remoting loads the slim parser from the .hpi onto it
        r.createOnlineSlave(Label.get("fresh"));
        WorkflowJob p = r.createProject(WorkflowJob.class, "gate");
        p.setDefinition(new CpsFlowDefinition("node('fresh') {\n"
                + "  writeFile file: 'www/index.html', text: '<!DOCTYPE html><script src=\"app.js\"></script>'\n"
                + "  writeFile file: 'www/app.js', text: 'export class A { #p = 1; m(b) { return b?.c ?? eval(b) } }'\n"
                + "  otaGate(dir: 'www')\n"
                + "}\n", true));
        // the gate fails the build on the eval it found: the parser read modern syntax on the agent
        WorkflowRun b = r.buildAndAssertStatus(Result.FAILURE, p);
        r.assertLogContains("[js/eval]", b);
        r.assertLogNotContains("Truffle could not be initialized", b);
    }
}
