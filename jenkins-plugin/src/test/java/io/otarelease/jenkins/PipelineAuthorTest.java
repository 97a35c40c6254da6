package io.otarelease.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import hudson.model.TaskListener;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.OtaException;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.store.S3Settings;
import io.otarelease.core.store.Store;
import io.otarelease.core.store.Stores;
import io.otarelease.core.testing.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The pipeline author: edits a Jenkinsfile, is not a Jenkins administrator. Each way a step call could make the
 * controller open a store, a registry or a URL the administrator's profile did not choose, or reach AWS with the
 * controller's own identity, is refused through the step's execution with the profile field named. Jenkins' context
 * (the StepContext, the global configuration) is a test double; the checks are the plugin's own. The same attacks
 * from a sandboxed Jenkinsfile on a real Jenkins: PipelineAuthorPipelineTest (pom-jenkins.xml).
 */
class PipelineAuthorTest {
    static S3ProxyServer s3;

    @TempDir
    Path tmp;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final Context context = new Context(new PrintStream(logBytes, true, StandardCharsets.UTF_8));

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start(); // also gives the SDK's default chain valid keys, as a controller's role would
        s3.store("author-prod", "shop").close();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    /** Jenkins' side of a step call: what {@code getContext().get(...)} answers (no run, no workspace here). */
    static final class Context extends StepContext {
        private static final long serialVersionUID = 1L;
        final transient Map<Class<?>, Object> values = new HashMap<>();

        Context(PrintStream log) {
            values.put(TaskListener.class, (TaskListener) () -> log);
        }

        @Override
        public <T> T get(Class<T> key) {
            return key.cast(values.get(key));
        }

        @Override
        public void onSuccess(Object result) {
            throw new AssertionError("the static execution body returns its result");
        }

        @Override
        public void onFailure(Throwable t) {
            throw new AssertionError("the static execution body throws its failure");
        }
    }

    /** The administrator's profile: S3 stores with their credential, a metrics source, a signing server. */
    OtaProfile shop() {
        OtaProfile p = new OtaProfile("shop");
        p.setAppId("com.example.shop");
        p.setStagingStore("s3://author-staging/shop");
        p.setProductionStore("s3://author-prod/shop");
        p.setS3Endpoint(s3.endpoint().toString());
        p.setS3Region("us-east-1");
        p.setS3PathStyle(true);
        p.setS3CredentialsId("aws-ota");
        p.setMetricsSource("json:https://metrics.internal/");
        OtaSignerSettings hsm = new OtaSignerSettings("hsm");
        hsm.setKeyId("ota-2026-a");
        hsm.setSignerUrl("https://signer.internal:8443");
        p.setSigner(hsm);
        return p;
    }

    static Administration admin(OtaProfile profile, boolean fileStoresOnController) {
        return new Administration(List.of(profile), fileStoresOnController);
    }

    /** The build-log line of a step refused with a user error (Execution.run turns it into an abort). */
    static String refusal(String function, Callable<?> execution) {
        Throwable t = catchThrowable(execution::call);
        assertThat(t).isInstanceOf(OtaException.BadInput.class);
        return Messages.userError(function, (OtaException) t);
    }

    String refused(OtaPromoteStep step, Administration admin) {
        return refusal(OtaPromoteStep.FUNCTION_NAME, () -> OtaPromoteStep.Execution.run(step, context, admin));
    }

    String refused(OtaRollbackStep step, Administration admin) {
        return refusal(OtaRollbackStep.FUNCTION_NAME, () -> OtaRollbackStep.Execution.run(step, context, admin));
    }

    String refused(OtaRegistryStep step, Administration admin) {
        return refusal(OtaRegistryStep.FUNCTION_NAME, () -> OtaRegistryStep.Execution.run(step, context, admin));
    }

    String refused(OtaCanaryStep step, Administration admin) {
        return refusal(OtaCanaryStep.FUNCTION_NAME, () -> OtaCanaryStep.Execution.run(step, context, admin));
    }

    String refused(OtaSignStep step, Administration admin) {
        return refusal(OtaSignStep.FUNCTION_NAME, () -> OtaSignStep.Execution.run(step, context, admin));
    }

    String fileUrl(String name) {
        return "file://" + tmp.resolve(name).toAbsolutePath();
    }

    static <S extends ReleaseStep> S withProfile(S step) {
        step.setProfile("shop");
        return step;
    }

    OtaPromoteStep production(String version) {
        OtaPromoteStep s = withProfile(new OtaPromoteStep("production"));
        s.setVersion(version);
        s.setPercent(100);
        return s;
    }

    @Test
    void aStoreUrlInTheJenkinsfileIsRefusedByEveryStepThatOpensOne() {
        Administration admin = admin(shop(), true); // even with file:// allowed on the controller
        String evil = fileUrl("evil");
        String hint = "comes from profile 'shop' (field productionStore); leave productionStore: out, or ask an "
                + "administrator to add productionStore to the profile's allowedOverrides";

        OtaPromoteStep promote = production("3.4.1");
        promote.setProductionStore(evil);
        assertThat(refused(promote, admin))
                .isEqualTo("otaPromote: bad input: productionStore: is refused: productionStore " + hint);

        OtaPromoteStep fromStore = production("3.4.1");
        fromStore.setStagingStore(evil);
        assertThat(refused(fromStore, admin))
                .startsWith("otaPromote: bad input: stagingStore: is refused").contains("(field stagingStore)");

        OtaPromoteStep staging = withProfile(new OtaPromoteStep("staging"));
        staging.setStagingStore(evil);
        assertThat(refused(staging, admin)).contains("stagingStore: is refused").contains("allowedOverrides");

        OtaRollbackStep rollback = withProfile(new OtaRollbackStep("crash-free 97%"));
        rollback.setProductionStore(evil);
        assertThat(refused(rollback, admin))
                .isEqualTo("otaRollback: bad input: productionStore: is refused: productionStore " + hint);

        OtaRegistryStep registry = withProfile(new OtaRegistryStep());
        registry.setProductionStore(evil);
        assertThat(refused(registry, admin))
                .isEqualTo("otaRegistry: bad input: productionStore: is refused: productionStore " + hint);
        OtaRegistryStep stagingRegistry = withProfile(new OtaRegistryStep());
        stagingRegistry.setStore("staging");
        stagingRegistry.setStagingStore(evil);
        assertThat(refused(stagingRegistry, admin))
                .contains("stagingStore: is refused").contains("(field stagingStore)");

        OtaRegistryStep noProfile = new OtaRegistryStep();
        noProfile.setAppId("com.example.shop");
        noProfile.setProductionStore(evil);
        assertThat(refused(noProfile, admin))
                .contains("productionStore: is refused: productionStore comes from an OTA Release profile");
        assertThat(tmp.resolve("evil")).doesNotExist();
    }

    @Test
    void anAdministratorsAllowListLetsTheNamedStoreFieldThrough() throws Exception {
        OtaProfile p = shop();
        p.setAllowedOverrides("productionStore");
        OtaRegistryStep registry = withProfile(new OtaRegistryStep());
        registry.setProductionStore(fileUrl("team-store"));
        assertThat(OtaRegistryStep.Execution.run(registry, context, admin(p, true))).isEmpty();
        assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("otaRegistry: com.example.shop in file:");

        registry.setStore("staging");
        registry.setStagingStore(fileUrl("team-staging"));
        assertThat(refused(registry, admin(p, true))).contains("stagingStore: is refused"); // only the field listed
    }

    @Test
    void aMetricsUrlInTheJenkinsfileIsRefusedBeforeAnyRequest() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer internal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        internal.createContext("/", ex -> {
            requests.incrementAndGet();
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        internal.start();
        try {
            OtaCanaryStep canary = withProfile(new OtaCanaryStep("3.4.1"));
            canary.setMetrics("json:http://127.0.0.1:" + internal.getAddress().getPort() + "/");
            assertThat(refused(canary, admin(shop(), false)))
                    .isEqualTo("otaCanary: bad input: metrics: is refused: metricsSource comes from profile 'shop' "
                            + "(field metricsSource); leave metrics: out, or ask an administrator to add "
                            + "metricsSource to the profile's allowedOverrides");
            assertThat(requests).hasValue(0);
        } finally {
            internal.stop(0);
        }
    }

    @Test
    void aSignerUrlInTheJenkinsfileIsRefused() {
        OtaSignStep sign = new OtaSignStep("3.4.1");
        sign.setProfile("shop");
        sign.setSignerUrl("https://127.0.0.1:1/");
        assertThat(refused(sign, admin(shop(), false)))
                .isEqualTo("otaSign: bad input: signerUrl: is refused: signerUrl comes from profile 'shop' (field "
                        + "signerUrl); leave signerUrl: out, or ask an administrator to add signerUrl to the "
                        + "profile's allowedOverrides");
    }

    @Test
    void fileStoresOnTheControllerNeedTheAdministratorsSwitch() throws Exception {
        OtaProfile p = shop();
        p.setProductionStore(fileUrl("prod")); // set by the administrator, yet on the controller's file system
        p.setStagingStore(null);
        p.setTrustedKeysContent(trustedKeys());
        String expected = "productionStore is a file:// store, which this step would open on the Jenkins controller: "
                + "refused. Use an s3:// store, or an administrator turns on allowFileStoresOnController in Manage "
                + "Jenkins \u00bb System \u00bb OTA Release";
        assertThat(refused(withProfile(new OtaRegistryStep()), admin(p, false)))
                .isEqualTo("otaRegistry: bad input: " + expected);
        assertThat(refused(production("3.4.1"), admin(p, false)))
                .isEqualTo("otaPromote: bad input: " + expected);
        assertThat(refused(withProfile(new OtaRollbackStep("r")), admin(p, false)))
                .isEqualTo("otaRollback: bad input: " + expected);
        assertThat(tmp.resolve("prod")).doesNotExist();

        assertThat(OtaRegistryStep.Execution.run(withProfile(new OtaRegistryStep()), context, admin(p, true)))
                .isEmpty();
    }

    @Test
    void s3WithoutTheProfilesCredentialIsRefusedRatherThanReachedWithTheControllersIdentity() throws Exception {
        // the controller's default chain would get in: this is what the old code used
        try (Store viaDefaultChain = Stores.open("s3://author-prod/shop", s3.settings())) {
            assertThat(new StoreRegistry(viaDefaultChain, "com.example.shop").read().newestFirst()).isEmpty();
        }
        OtaProfile p = shop();
        p.setS3CredentialsId(null);
        p.setTrustedKeysContent(trustedKeys());
        String expected = "productionStore is an s3:// store and profile 'shop' names no AWS credential for it: an "
                + "administrator sets s3CredentialsId on the profile (an AWS Credentials credential). The "
                + "controller's own AWS identity is never used";
        assertThat(refused(withProfile(new OtaRegistryStep()), admin(p, false)))
                .isEqualTo("otaRegistry: bad input: " + expected);
        assertThat(refused(production("3.4.1"), admin(p, false)))
                .isEqualTo("otaPromote: bad input: " + expected);
        assertThat(refused(withProfile(new OtaRollbackStep("r")), admin(p, false)))
                .isEqualTo("otaRollback: bad input: " + expected);
        OtaRegistryStep staging = withProfile(new OtaRegistryStep());
        staging.setStore("staging");
        assertThat(refused(staging, admin(p, false)))
                .startsWith("otaRegistry: bad input: stagingStore is an s3:// store").contains("s3CredentialsId");
        p.setProductionStore(fileUrl("prod"));
        assertThat(refused(production("3.4.1"), admin(p, true)))
                .startsWith("otaPromote: bad input: stagingStore is an s3:// store"); // the store that needs it
    }

    @Test
    void theProfilesS3CredentialSignsTheRequestsNotTheControllersChain() {
        S3Settings settings = s3.settings();
        ControllerStores wrongKeys = new ControllerStores("shop", false, StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDWRONG", "not-the-secret")));
        try (Store store = wrongKeys.open("productionStore", "s3://author-prod/shop", settings)) {
            // the default chain holds valid keys, so only the profile's (wrong) ones can have signed this
            assertThat(catchThrowable(() -> new StoreRegistry(store, "com.example.shop").read())).isNotNull();
        }
        ControllerStores profileKeys = new ControllerStores("shop", false, StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY)));
        try (Store store = profileKeys.open("productionStore", "s3://author-prod/shop", settings)) {
            assertThat(new StoreRegistry(store, "com.example.shop").read().newestFirst()).isEmpty();
        }
        ControllerStores none = new ControllerStores("shop", false, null);
        assertThat(catchThrowable(() -> none.open("productionStore", "s3://author-prod/shop", settings)))
                .hasMessageContaining("s3CredentialsId");
    }

    @Test
    void kmsAndCloudFrontWithoutACredentialAreRefused() throws Exception {
        OtaProfile p = shop();
        p.setProductionStore(fileUrl("prod"));
        p.setStagingStore(null);
        p.setTrustedKeysContent(trustedKeys());
        OtaSignerSettings kms = new OtaSignerSettings("kms");
        kms.setKeyId("ota-2026-a");
        kms.setKmsKey("alias/ota-release");
        p.setSigner(kms);
        assertThat(refused(production("3.4.1"), admin(p, true)))
                .isEqualTo("otaPromote: bad input: the kms signer needs awsCredentialsId on the profile's signer (an "
                        + "AWS Credentials credential): the controller's own AWS identity is never used");

        Path key = tmp.resolve("dev.pem");
        Files.writeString(key, KeyGen.privateKeyPem(KeyGen.generate(Algorithm.ECDSA_SHA_256)));
        OtaSignerSettings dev = new OtaSignerSettings("file");
        dev.setKeyId("dev");
        dev.setPrivateKeyFile(key.toString());
        p.setSigner(dev);
        p.setCdn("cloudfront:E2EXAMPLE");
        assertThat(refused(production("3.4.1"), admin(p, true)))
                .isEqualTo("otaPromote: bad input: the cloudfront CDN needs cdnCredentialsId on the profile (an AWS "
                        + "Credentials credential): the controller's own AWS identity is never used");
    }

    static String trustedKeys() {
        KeyPair pair = KeyGen.generate(Algorithm.ECDSA_SHA_256);
        return new String(new TrustedKeys(List.of(new TrustedKey("dev", Algorithm.ECDSA_SHA_256, pair.getPublic())))
                .toCanonicalBytes(), StandardCharsets.UTF_8);
    }
}
