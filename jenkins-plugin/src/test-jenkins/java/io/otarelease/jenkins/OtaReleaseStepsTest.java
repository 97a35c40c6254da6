package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Label;
import hudson.model.Result;
import io.otarelease.client.json.JsonFields;
import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.canary.Thresholds;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.store.FileStore;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The release steps in real pipelines (only in pom-jenkins.xml): sign, gate and stage on an agent (the callables cross
 * remoting), then promote, canary, list and roll back outside any node as the shared library calls them, with file
 * stores and a JSON monitoring API on loopback. The audit record names the user who started the build.
 */
@WithJenkins
class OtaReleaseStepsTest {
    static final String APP = "com.example.shop";

    @TempDir
    Path tmp;
    JenkinsRule j;
    HttpServer metrics;
    final Map<String, String> answers = new ConcurrentHashMap<>();
    String trustedKeysJson;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        j = rule;
        KeyPair pair = KeyGen.generate(Algorithm.ECDSA_SHA_256);
        Path devKey = tmp.resolve("dev.pem");
        Files.writeString(devKey, KeyGen.privateKeyPem(pair));
        trustedKeysJson = new String(new TrustedKeys(List.of(new TrustedKey("dev", Algorithm.ECDSA_SHA_256,
                pair.getPublic()))).toCanonicalBytes(), StandardCharsets.UTF_8);

        metrics = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        metrics.createContext("/", ex -> {
            String body = answers.get(ex.getRequestURI().getPath().substring(1));
            byte[] b = (body == null ? "{}" : body).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(body == null ? 404 : 200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        metrics.start();
        healthy();

        OtaSignerSettings dev = new OtaSignerSettings("file");
        dev.setKeyId("dev");
        dev.setPrivateKeyFile(devKey.toString());
        OtaProfile shop = new OtaProfile("shop");
        shop.setAppId(APP);
        shop.setSigner(dev);
        shop.setTrustedKeys("keys/trusted-keys.json");
        shop.setTrustedKeysContent(trustedKeysJson);
        shop.setStagingStore("file://" + tmp.resolve("staging").toAbsolutePath());
        shop.setProductionStore("file://" + tmp.resolve("prod").toAbsolutePath());
        shop.setMetricsSource("json:http://127.0.0.1:" + metrics.getAddress().getPort() + "/");
        OtaGlobalConfiguration.get().setProfiles(List.of(shop));
        // temporary file stores stand for S3: the administrator's switch lets the controller open them
        OtaGlobalConfiguration.get().setAllowFileStoresOnController(true);
        j.createOnlineSlave(Label.get("remote"));
    }

    @AfterEach
    void stop() {
        metrics.stop(0);
    }

    void healthy() {
        for (var kpi : Thresholds.defaults().kpis()) {
            double ok = switch (kpi.breachWhen()) {
                case BELOW -> kpi.warning() + 1;
                case ABOVE -> Math.max(0, kpi.warning() / 2);
                case DEVIATES -> 0;
            };
            answers.put(kpi.json(), Double.toString(ok));
        }
        answers.put(Thresholds.defaults().sessions().json(), "5000");
    }

    String stageOnAgent(String version) {
        return "node('remote') {\n"
                + "writeFile file: 'www/index.html', text: '<!DOCTYPE html>'\n"
                + "writeFile file: 'www/js/app.js', text: 'start(\"" + version + "\");'\n"
                + "writeFile file: 'keys/trusted-keys.json', text: '" + trustedKeysJson + "'\n"
                + "otaSign(profile: 'shop', version: '" + version + "')\n"
                + "def g = otaGate(profile: 'shop', junit: 'gates.xml', sarif: 'gates.sarif')\n"
                + "echo \"gates passed ${g.passed}\"\n"
                + "def s = otaPromote(profile: 'shop', to: 'staging')\n"
                + "echo \"staged ${s.version} ${s.filesUploaded} files\"\n"
                + "echo readFile('gates.xml')\n"
                + "}\n";
    }

    WorkflowRun run(String script, Result expected, String user) throws Exception {
        WorkflowJob p = j.createProject(WorkflowJob.class, "p" + System.nanoTime());
        p.setDefinition(new CpsFlowDefinition(script, true));
        return j.assertBuildStatus(expected, user == null ? p.scheduleBuild2(0)
                : p.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause(user))));
    }

    @Test
    void releaseCanaryAndRollbackAsTheSharedLibraryCallsThem() throws Exception {
        WorkflowRun first = run(stageOnAgent("3.4.0")
                + "def p = otaPromote(profile: 'shop', to: 'production', version: '3.4.0', percent: 100)\n"
                + "echo \"sequence ${p.sequence}\"\n", Result.SUCCESS, null);
        j.assertLogContains("gates passed true", first);
        j.assertLogContains("staged 3.4.0 2 files", first);
        j.assertLogContains("<testsuite", first);
        j.assertLogContains("sequence 1", first);

        WorkflowRun second = run(stageOnAgent("3.4.1")
                + "def p = otaPromote(profile: 'shop', to: 'production', version: '3.4.1', percent: 5)\n"
                + "def c = otaCanary(profile: 'shop', version: '3.4.1', baselineVersion: '3.4.0', failOnFail: false)\n"
                + "echo \"canary ${c.verdict} ${c.severity}\"\n"
                + "def r = otaRegistry(profile: 'shop')\n"
                + "echo \"registry ${r.collect { it.version + ':' + it.status }.sort()}\"\n", Result.SUCCESS, null);
        j.assertLogContains("canary PASS none", second);
        j.assertLogContains("registry [3.4.0:current, 3.4.1:canary]", second);
        OtaReleaseAction action = second.getAction(OtaReleaseAction.class);
        assertThat(action.getVersion()).isEqualTo("3.4.1");
        assertThat(action.getGates()).isNotEmpty();
        assertThat(action.getRolloutSteps()).extracting(OtaReleaseAction.Entry::getName)
                .containsExactly("staging", "production 5%");
        assertThat(action.getCanaryVerdicts()).extracting(OtaReleaseAction.Entry::getOutcome).containsExactly("PASS");

        var crashFree = Thresholds.defaults().kpi("crash_free_sessions");
        answers.put(crashFree.json(), Double.toString(crashFree.critical() - 1));
        WorkflowRun failed = run("def c = otaCanary(profile: 'shop', version: '3.4.1', failOnFail: true)\n",
                Result.FAILURE, null);
        j.assertLogContains("otaCanary: canary 3.4.1 FAILED (SEV-1)", failed);

        WorkflowRun back = run("def r = otaRollback(profile: 'shop', channel: 'production', to: 'previous', "
                + "reason: 'crash-free below 98%')\n"
                + "echo \"rolled back ${r.from} -> ${r.to} at ${r.sequence} in ${r.elapsedMillis} ms\"\n",
                Result.SUCCESS, "alice");
        j.assertLogContains("rolled back 3.4.1 -> 3.4.0 at 3 in ", back);
        assertThat(back.getAction(OtaReleaseAction.class).getRollback().getOutcome()).isEqualTo("rolled back");
        try (FileStore prod = new FileStore(tmp.resolve("prod"))) {
            List<String> audit = prod.list(new StoreLayout(APP).auditPrefix());
            JsonFields last = JsonFields.parse(prod.get(audit.get(audit.size() - 1)).orElseThrow().bytes(), "audit");
            assertThat(last.string("actor")).isEqualTo("jenkins:alice via " + j.getURL() + back.getUrl());
        }
    }

    @Test
    void aFailingGateAbortsWithTheGatesNamedAndStagingNeedsANode() throws Exception {
        WorkflowRun gate = run("node('remote') {\n"
                + "writeFile file: 'www/index.html', text: '<script>eval(location.hash)</script>'\n"
                + "writeFile file: 'keys/trusted-keys.json', text: '" + trustedKeysJson + "'\n"
                + "otaGate(profile: 'shop')\n"
                + "}\n", Result.FAILURE, null);
        j.assertLogContains("otaGate: ", gate);
        j.assertLogContains("gates failed: javascript", gate);
        j.assertLogNotContains("\tat io.otarelease", gate);

        WorkflowRun staging = run("otaPromote(profile: 'shop', to: 'staging')\n", Result.FAILURE, null);
        j.assertLogContains("otaPromote: bad input: otaPromote to: 'staging' uploads the bundle in the workspace: "
                + "call it inside node", staging);
        WorkflowRun percent = run("otaPromote(profile: 'shop', to: 'production', version: '1.0.0')\n", Result.FAILURE,
                null);
        j.assertLogContains("needs percent: 1 to 100", percent);
    }
}
