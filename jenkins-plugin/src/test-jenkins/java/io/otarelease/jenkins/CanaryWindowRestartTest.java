package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.otarelease.core.canary.Thresholds;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import jenkins.plugins.git.GitSCMSource;
import jenkins.plugins.git.GitSampleRepoRule;
import jenkins.plugins.git.junit.jupiter.WithGitSampleRepo;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.libs.GlobalLibraries;
import org.jenkinsci.plugins.workflow.libs.LibraryConfiguration;
import org.jenkinsci.plugins.workflow.libs.SCMSourceRetriever;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * The shared library as Jenkins runs it: this repository's vars/, src/ and resources/ committed to a git repository
 * and loaded as a global library, its otaCanaryWindow under the real CPS interpreter, and the controller restarted
 * while the window sleeps between two otaCanary checks. The durable sleep resumes after the restart, the remaining
 * checks run against the same monitoring API, and the window ends with its verdict.
 */
@WithGitSampleRepo
class CanaryWindowRestartTest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private HttpServer metrics;

    @BeforeEach
    void monitoringApi() throws IOException {
        for (var kpi : Thresholds.defaults().kpis()) {
            double ok = switch (kpi.breachWhen()) {
                case BELOW -> kpi.warning() + 1;
                case ABOVE -> Math.max(0, kpi.warning() / 2);
                case DEVIATES -> 0;
            };
            answers.put(kpi.json(), Double.toString(ok));
        }
        answers.put(Thresholds.defaults().sessions().json(), "5000");
        metrics = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        metrics.createContext("/", ex -> {
            String body = answers.get(ex.getRequestURI().getPath().substring(1));
            byte[] b = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(body == null ? 404 : 200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        metrics.start();
    }

    @AfterEach
    void stop() {
        metrics.stop(0);
    }

    @Test
    void aCanaryWindowResumesAfterAControllerRestartInTheMiddle(GitSampleRepoRule library) throws Throwable {
        commitLibrary(library, Path.of(System.getProperty("ota.libraryRoot", "..")));
        String metricsUrl = "json:http://127.0.0.1:" + metrics.getAddress().getPort() + "/";
        sessions.then(j -> {
            OtaProfile shop = new OtaProfile("shop");
            shop.setAppId("com.example.shop");
            shop.setMetricsSource(metricsUrl);
            OtaGlobalConfiguration.get().setProfiles(List.of(shop));
            OtaGlobalConfiguration.get().save();
            LibraryConfiguration ota = new LibraryConfiguration("ota",
                    new SCMSourceRetriever(new GitSCMSource(library.toString())));
            ota.setDefaultVersion("master");
            GlobalLibraries.get().setLibraries(List.of(ota));

            WorkflowJob p = j.createProject(WorkflowJob.class, "canary");
            p.setDefinition(new CpsFlowDefinition("@Library('ota') _\n"
                    + "def r = otaCanaryWindow(profile: 'shop', version: '1.2.0', window: '60s', every: '20s',"
                    + " notifications: false)\n"
                    + "echo \"window verdict=${r.verdict} checks=${r.checks} decidedBy=${r.decidedBy}\"\n", true));
            WorkflowRun b = p.scheduleBuild2(0).waitForStart();
            // one check done, the window now sleeps 20s before the next: the controller goes down here
            j.waitForMessage("Canary 1.2.0 check 1: PASS", b);
            assertThat(b.isBuilding()).isTrue();
        });
        sessions.then(j -> {
            WorkflowRun b = j.jenkins.getItemByFullName("canary", WorkflowJob.class).getBuildByNumber(1);
            j.assertBuildStatusSuccess(j.waitForCompletion(b));
            j.assertLogContains("Resuming build", b);
            j.assertLogContains("Canary 1.2.0 check 3: PASS", b);
            j.assertLogContains("window verdict=PASS checks=3 decidedBy=canary", b);
        });
    }

    /** vars/, src/ and resources/ of this repository, as one commit on master. */
    private static void commitLibrary(GitSampleRepoRule library, Path root) throws Exception {
        library.init();
        for (String dir : List.of("vars", "src", "resources")) {
            try (Stream<Path> files = Files.walk(root.resolve(dir))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String text;
                    try {
                        text = Files.readString(f);
                    } catch (CharacterCodingException binary) {
                        continue; // the library reads text resources only
                    }
                    library.write(root.relativize(f).toString().replace('\\', '/'), text);
                }
            }
        }
        library.git("add", ".");
        library.git("commit", "--message=the OTA Release shared library");
    }
}
