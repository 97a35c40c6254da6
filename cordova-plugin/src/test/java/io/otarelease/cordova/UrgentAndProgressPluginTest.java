package io.otarelease.cordova;

import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.core.testing.ReleaseFixture;
import java.util.ArrayList;
import java.util.List;
import org.json.JSONObject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.ConscryptMode;

/**
 * Urgent releases (applied at once, not at the next start) and download progress events, against a real
 * {@code ota serve} with releases promoted by the real engine ({@code Promoter.urgent}).
 */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
@ConscryptMode(ConscryptMode.Mode.OFF)
public class UrgentAndProgressPluginTest extends PluginTestBase {
    @Test
    public void anUrgentReleaseIsAppliedAtOnceWithoutWaitingForTheNextStart() throws Exception {
        release("1.1.0", "production", ReleaseFixture.files(5, "1.1.0", 2), true);
        CordovaHost app = start();
        String firstToken = app.token();
        JSONObject checked = app.call("check");
        assertThat(checked.getString("outcome")).isEqualTo("staged");
        assertThat(checked.getBoolean("urgent")).isTrue();
        assertThat(app.awaitReload()).containsExactly("https://localhost/index.html");
        assertThat(app.get("index.html")).isEqualTo("<html>1.1.0</html>\n");
        JSONObject info = app.call("getInfo");
        assertThat(info.getString("current")).isEqualTo("1.1.0");
        assertThat(info.get("pending")).isEqualTo(JSONObject.NULL);
        assertThat(info.getString("token")).isNotEqualTo(firstToken); // on trial, with its own token
        app.call("ready", info.getString("token"));
        assertThat(deviceState().current().version()).isEqualTo("1.1.0");
    }

    @Test
    public void aReleaseThatIsNotUrgentWaitsForTheNextStart() throws Exception {
        release("1.1.0", "production", ReleaseFixture.files(5, "1.1.0", 2), false);
        CordovaHost app = start();
        JSONObject checked = app.call("check");
        assertThat(checked.getString("outcome")).isEqualTo("staged");
        assertThat(checked.has("urgent")).isFalse();
        app.idleUiThread();
        assertThat(app.loadedUrls).isEmpty();
        assertThat(app.get("index.html")).isNull();
    }

    @Test
    public void anUrgentReleaseStagedDuringATrialWaitsForThatPageToBeReadyThenApplies() throws Exception {
        release("1.1.0", "production");
        start().call("check");
        CordovaHost trial = start(); // 1.1.0 on trial: applying now would revert it
        assertThat(trial.get("index.html")).isEqualTo("<html>1.1.0</html>\n");
        release("1.2.0", "production", ReleaseFixture.files(5, "1.2.0", 2), true);
        assertThat(trial.call("check").getBoolean("urgent")).isTrue();
        trial.idleUiThread();
        assertThat(trial.loadedUrls).as("no reload over a bundle on trial").isEmpty();
        assertThat(deviceState().trial().bundle().version()).isEqualTo("1.1.0");

        trial.call("ready", trial.token());
        assertThat(trial.awaitReload()).containsExactly("https://localhost/index.html");
        assertThat(trial.get("index.html")).isEqualTo("<html>1.2.0</html>\n");
        assertThat(deviceState().current().version()).isEqualTo("1.1.0"); // blessed; 1.2.0 now on trial
        assertThat(deviceState().trial().bundle().version()).isEqualTo("1.2.0");
        assertThat(deviceState().blocked()).isEmpty();
    }

    @Test
    public void downloadingEventsArriveInOrderWithGrowingBytesBetweenUpdateAvailableAndStaged() throws Exception {
        release("1.1.0", "production", ReleaseFixture.files(60, "1.1.0", 60), false);
        CordovaHost app = start();
        app.call("check");
        app.awaitEvent("staged");
        List<String> types = new ArrayList<>();
        List<JSONObject> progress = new ArrayList<>();
        for (JSONObject e : app.events) {
            types.add(e.getString("type"));
            if (e.getString("type").equals("downloading")) {
                progress.add(e);
            }
        }
        assertThat(types.indexOf("updateavailable")).isLessThan(types.indexOf("downloading"));
        assertThat(types.lastIndexOf("downloading")).isLessThan(types.indexOf("staged"));
        long total = progress.get(0).getLong("totalBytes");
        assertThat(total).isPositive();
        assertThat(progress.get(0).getLong("bytes")).isZero();
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i).getLong("bytes")).isGreaterThan(progress.get(i - 1).getLong("bytes"));
            assertThat(progress.get(i).getLong("totalBytes")).isEqualTo(total);
        }
        assertThat(progress.get(progress.size() - 1).getLong("bytes")).isEqualTo(total);
        // 61 files reported one by one by ota-client, thinned to steps of 1/20 of the total
        assertThat(progress.size()).isBetween(3, 22);
    }
}
