package io.otarelease.cordova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.layout.StoreLayout;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.trust.TrustRoot;
import io.otarelease.core.cdn.Cdn;
import io.otarelease.core.io.AtomicFiles;
import io.otarelease.core.registry.StoreRegistry;
import io.otarelease.core.release.Percent;
import io.otarelease.core.release.Promoter;
import io.otarelease.core.release.ReleaseContext;
import io.otarelease.core.release.Stager;
import io.otarelease.core.sign.FileSigner;
import io.otarelease.core.sign.KeyGen;
import io.otarelease.core.sign.SigningService;
import io.otarelease.core.testing.ReleaseFixture;
import io.otarelease.core.trust.TrustDirectory;
import io.otarelease.core.trust.TrustPublisher;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.json.JSONObject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.ConscryptMode;

/**
 * The plugin against a real {@code ota serve} on loopback, with releases staged and promoted by the real engine:
 * start, check, stage, restart into the new bundle, readiness and revert, refusals, channels.
 */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
@ConscryptMode(ConscryptMode.Mode.OFF) // the JDK's TLS; conscrypt's native code is not needed for http on loopback
public class OtaReleasePluginTest extends PluginTestBase {
    @Test
    public void aReleaseIsStagedThenServedAfterRestartAndBecomesCurrentOnReady() throws Exception {
        release("1.1.0", "production");
        CordovaHost first = start();
        assertThat(first.get("index.html")).isNull(); // nothing downloaded: cordova serves the APK's www/
        JSONObject checked = first.call("check");
        assertThat(checked.getString("outcome")).isEqualTo("staged");
        assertThat(checked.getString("version")).isEqualTo("1.1.0");
        assertThat(first.awaitEvent("staged").getString("version")).isEqualTo("1.1.0");
        assertThat(first.hasEvent("updateavailable")).isTrue();
        assertThat(first.call("getInfo").get("pending")).isEqualTo("1.1.0");
        assertThat(first.get("index.html")).as("applies at the next start by default").isNull();

        CordovaHost second = start();
        assertThat(second.get("index.html")).isEqualTo("<html>1.1.0</html>\n");
        assertThat(second.get("")).isEqualTo("<html>1.1.0</html>\n");
        assertThat(second.get("js/f0.js")).isEqualTo("// file 0 of 1.1.0\n");
        assertThat(deviceState().trial().bundle().version()).isEqualTo("1.1.0");
        JSONObject info = second.call("getInfo");
        assertThat(info.getString("current")).isEqualTo("1.1.0");
        assertThat(info.getString("channel")).isEqualTo("production");
        assertThat(info.getString("token")).isEqualTo(second.token());

        assertThatThrownBy(() -> second.call("ready", "not-the-token"))
                .isInstanceOfSatisfying(CordovaHost.ActionFailed.class, e -> assertThat(e.code).isEqualTo("wrong_token"));
        assertThat(second.call("ready", second.token()).getString("result")).isEqualTo("blessed");
        assertThat(second.awaitEvent("applied").getString("version")).isEqualTo("1.1.0");
        assertThat(deviceState().current().version()).isEqualTo("1.1.0");
        assertThat(deviceState().trial()).isNull();

        CordovaHost third = start();
        assertThat(third.get("index.html")).isEqualTo("<html>1.1.0</html>\n");
        assertThat(third.call("check").getString("outcome")).isEqualTo("up_to_date");
    }

    @Test
    public void platformFilesAlwaysComeFromTheApkAndNothingLeavesTheBundle() throws Exception {
        release("1.1.0", "production");
        start().call("check");
        CordovaHost app = start();
        assertThat(app.get("index.html")).isEqualTo("<html>1.1.0</html>\n");
        assertThat(app.get("cordova.js")).isEqualTo("// cordova.js of the native binary");
        assertThat(app.get("plugins/cordova-plugin-x/www/x.js")).isEqualTo("// plugin x of the native binary");
        assertThat(app.get("cordova_plugins.js")).isEqualTo("404"); // not in this APK: never taken from the bundle
        assertThat(app.get("missing.html")).as("a file the bundle lacks is not taken from the APK").isEqualTo("404");
        assertThat(app.get("../state.json")).isEqualTo("404");
        assertThat(app.get("js/../../state.json")).isEqualTo("404");
        assertThat(app.get("manifest.json")).isNotEqualTo("404"); // the signed manifest is part of the bundle
    }

    @Test
    public void withoutReadyTheNextStartServesTheLastGoodBundleAndBlocksTheFailedOneButTakesTheNextRelease()
            throws Exception {
        release("1.1.0", "production");
        start().call("check");
        CordovaHost trial = start();
        assertThat(trial.get("index.html")).isEqualTo("<html>1.1.0</html>\n"); // the page never calls ready

        CordovaHost after = start();
        assertThat(after.get("index.html")).as("back to the built-in bundle").isNull();
        JSONObject reverted = after.awaitEvent("reverted");
        assertThat(reverted.getString("version")).isEqualTo("1.1.0");
        assertThat(reverted.getString("reason")).contains("before the page called ready");
        assertThat(deviceState().blocked()).hasSize(1);
        assertThat(after.call("check").getString("outcome")).isEqualTo("blocked");
        assertThat(after.call("getInfo").get("current")).isEqualTo(JSONObject.NULL);

        release("1.2.0", "production"); // a fixed release: a reverted device still takes it
        assertThat(after.call("check").getString("outcome")).isEqualTo("staged");
        CordovaHost fixed = start();
        assertThat(fixed.get("index.html")).isEqualTo("<html>1.2.0</html>\n");
        fixed.call("ready", fixed.token());
        assertThat(deviceState().current().version()).isEqualTo("1.2.0");
    }

    @Test
    public void aReleaseWithABadSignatureIsRefusedAndThePreviousBundleKeepsServing() throws Exception {
        release("1.1.0", "production");
        start().call("check");
        CordovaHost good = start();
        good.call("ready", good.token());

        release("1.2.0", "production");
        StoreLayout layout = new StoreLayout(APP);
        Path root = tmp.getRoot().toPath().resolve("production");
        // 1.2.0's manifest carries 1.1.0's signature: a manifest the release key never signed
        Files.copy(root.resolve(layout.manifestSignature("1.1.0")), root.resolve(layout.manifestSignature("1.2.0")),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        JSONObject r = good.call("check");
        assertThat(r.getString("outcome")).isEqualTo("refused");
        assertThat(good.awaitEvent("refused").getString("version")).isEqualTo("1.2.0");
        assertThat(deviceState().pending()).isNull();
        CordovaHost restarted = start();
        assertThat(restarted.get("index.html")).isEqualTo("<html>1.1.0</html>\n");
        assertThatThrownBy(() -> restarted.call("applyNow"))
                .isInstanceOfSatisfying(CordovaHost.ActionFailed.class, e -> assertThat(e.code).isEqualTo("nothing_staged"));
    }

    @Test
    public void setChannelFollowsAnotherChannelAcrossRestartsAndNullGoesBack() throws Exception {
        release("1.1.0", "production");
        release("2.0.0-beta.1", "beta");
        CordovaHost app = start();
        assertThat(app.call("setChannel", "beta").getString("channel")).isEqualTo("beta");
        assertThat(app.call("check").getString("version")).isEqualTo("2.0.0-beta.1");
        CordovaHost beta = start();
        assertThat(beta.call("getInfo").getString("channel")).isEqualTo("beta");
        assertThat(beta.get("index.html")).isEqualTo("<html>2.0.0-beta.1</html>\n");
        beta.call("ready", beta.token());

        assertThat(beta.call("setChannel", (Object) null).getString("channel")).isEqualTo("production");
        assertThat(beta.call("check").getString("version")).isEqualTo("1.1.0");
        assertThatThrownBy(() -> beta.call("setChannel", "Not A Channel"))
                .isInstanceOfSatisfying(CordovaHost.ActionFailed.class, e -> assertThat(e.code).isEqualTo("bad_argument"));
    }

    @Test
    public void applyNowReloadsTheWebViewIntoTheStagedBundleOnTrial() throws Exception {
        release("1.1.0", "production");
        CordovaHost app = start();
        String firstToken = app.token();
        app.call("check");
        assertThat(app.call("applyNow").getString("version")).isEqualTo("1.1.0");
        app.idleUiThread();
        assertThat(app.loadedUrls).hasSize(1);
        assertThat(app.get("index.html")).isEqualTo("<html>1.1.0</html>\n");
        JSONObject info = app.call("getInfo");
        assertThat(info.getString("token")).isNotEqualTo(firstToken); // the reloaded page gets its own token
        assertThatThrownBy(() -> app.call("ready", firstToken)).isInstanceOf(CordovaHost.ActionFailed.class);
        app.call("ready", info.getString("token"));
        assertThat(deviceState().current().version()).isEqualTo("1.1.0");
    }

    @Test
    public void aPageThatLoadsButNeverCallsReadyIsRevertedInTheSameRunAndTheWebViewReloadsTheLastGoodBundle()
            throws Exception {
        prefs.put("OtaReadyTimeoutSeconds", "1");
        release("1.1.0", "production");
        start().call("check");
        CordovaHost good = start();
        good.call("ready", good.token());
        release("1.2.0", "production");
        good.call("check");

        ReleaseFixture.MutableClock clock = new ReleaseFixture.MutableClock(java.time.Instant.now());
        CordovaHost trial = start(clock);
        assertThat(trial.get("index.html")).isEqualTo("<html>1.2.0</html>\n");
        trial.plugin.onMessage("onPageFinished", "https://localhost/index.html"); // the ready timeout starts
        for (int i = 0; deviceState().trial().scriptStartedAt() == null; i++) { // recorded on the plugin's thread
            assertThat(i).as("the trial's script start was never recorded").isLessThan(1200);
            Thread.sleep(50);
        }
        clock.advance(java.time.Duration.ofSeconds(2)); // past the 1 s timeout, with no ready call
        JSONObject reverted = trial.awaitEvent("reverted");
        assertThat(reverted.getString("version")).isEqualTo("1.2.0");
        assertThat(reverted.getString("reason")).contains("no ready call within 1000 ms");
        assertThat(trial.awaitReload()).containsExactly("https://localhost/index.html");
        assertThat(trial.get("index.html")).isEqualTo("<html>1.1.0</html>\n");
        assertThat(deviceState().current().version()).isEqualTo("1.1.0");
        assertThat(deviceState().blocked()).hasSize(1);
        assertThat(start().get("index.html")).isEqualTo("<html>1.1.0</html>\n");
    }

    @Test
    public void aShippedTrustRootIsFollowedThroughAChannelKeyRotationAcrossRestarts() throws Exception {
        Path dir = tmp.getRoot().toPath();
        java.time.Duration year = java.time.Duration.ofDays(365);
        FileSigner root = signer(dir, "root-1");
        FileSigner channel2 = signer(dir, "channel-2");
        TrustDirectory trust = new TrustDirectory(dir.resolve("trust"), fx.clock);
        trust.init(APP, keys(root), 1, keys(fx.releaseSigner), keys(fx.channelSigner), year, year,
                new SigningService(root, fx.clock));
        TrustPublisher.publish(trust, production);
        writeAsset("ota/root.json", new String(Files.readAllBytes(trust.dir().resolve(TrustRoot.fileName(1))),
                StandardCharsets.UTF_8));
        prefs.remove("OtaTrustedKeys");
        prefs.put("OtaTrustRoot", "ota/root.json");

        release("1.1.0", "production");
        JSONObject first = start().call("check");
        assertThat(first.getString("outcome")).as(first.toString()).isEqualTo("staged");

        // the channel key rotates: delegation v2, signed by the root key, names only channel-2
        trust.rotate(TrustDirectory.Role.CHANNEL, keys(channel2), false, year, new SigningService(root, fx.clock));
        TrustPublisher.publish(trust, production);
        Path b = fx.bundle("1.2.0", ReleaseFixture.files(5, "1.2.0", 2));
        new Stager(staging, new StoreRegistry(staging, APP), fx.trusted, fx.clock).stage(b);
        new Promoter(new ReleaseContext(APP, "production", production, new StoreRegistry(production, APP),
                fx.trusted.with(channel2.trustedKey()), new SigningService(channel2, fx.clock), Cdn.NONE, fx.clock,
                "tester", ReleaseContext.DEFAULT_VALIDITY)).promote(staging, "1.2.0", new Percent(100));

        CordovaHost restarted = start();
        assertThat(restarted.get("index.html")).isEqualTo("<html>1.1.0</html>\n");
        restarted.call("ready", restarted.token());
        assertThat(restarted.call("check").getString("version")).isEqualTo("1.2.0");
        assertThat(deviceState().pending().version()).isEqualTo("1.2.0");
        assertThat(start().get("index.html")).isEqualTo("<html>1.2.0</html>\n");
    }

    static FileSigner signer(Path dir, String id) {
        Path pem = dir.resolve("keys/" + id + ".pem");
        AtomicFiles.write(pem, KeyGen.privateKeyPem(KeyGen.generate(Algorithm.ECDSA_SHA_256))
                .getBytes(StandardCharsets.US_ASCII), true);
        return FileSigner.load(pem, id, Algorithm.ECDSA_SHA_256);
    }

    static TrustedKeys keys(FileSigner s) {
        return new TrustedKeys(java.util.List.of(s.trustedKey()));
    }

    @Test
    public void aCheckRunsAtStartInTheBackground() throws Exception {
        release("1.1.0", "production");
        prefs.put("OtaCheckOn", "start");
        CordovaHost app = start();
        assertThat(app.awaitEvent("staged").getString("version")).isEqualTo("1.1.0");
    }

    @Test
    public void aMissingPreferenceTurnsUpdatesOffWithAClearError() throws Exception {
        prefs.remove("OtaAppId");
        CordovaHost app = start();
        assertThat(app.get("index.html")).isNull();
        assertThatThrownBy(() -> app.call("check")).hasMessageContaining("OtaAppId")
                .isInstanceOfSatisfying(CordovaHost.ActionFailed.class, e -> assertThat(e.code).isEqualTo("not_configured"));
    }
}
