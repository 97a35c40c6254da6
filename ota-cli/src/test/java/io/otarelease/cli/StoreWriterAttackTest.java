package io.otarelease.cli;

import static io.otarelease.cli.ReleaseCommandsTest.concat;
import static io.otarelease.cli.ReleaseCommandsTest.ota;
import static org.assertj.core.api.Assertions.assertThat;

import io.otarelease.cli.ReleaseCommandsTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store writer — who can put, copy and delete objects in the production store but holds no key — attacks the
 * channel through the real {@code ota} command line on the file store. Each test is one attack of docs/security.md
 * ("store writer"): the test writes the objects directly, then runs the routine command an operator or a pipeline
 * would run, and checks what the channel serves afterwards.
 */
class StoreWriterAttackTest {
    @TempDir
    Path tmp;
    String staging;
    String prod;
    Path keys;
    Path app;

    @BeforeEach
    void setUp() {
        staging = "file://" + tmp.resolve("staging");
        prod = "file://" + tmp.resolve("prod");
        keys = tmp.resolve("trusted-keys.json");
        app = tmp.resolve("prod/com.example.shop");
        for (String k : new String[] {"release", "channel"}) {
            assertThat(ota("keygen", "--key-id", k, "--private-key", tmp.resolve(k + ".pem").toString(),
                    "--trusted-keys", keys.toString()).code()).isZero();
        }
    }

    String[] signer() {
        return new String[] {"--signer", "file", "--private-key", tmp.resolve("channel.pem").toString(), "--key-id",
            "channel"};
    }

    String[] channelArgs() {
        return new String[] {"--app-id", "com.example.shop", "--trusted-keys", keys.toString(), "--actor", "ci-bot"};
    }

    void stage(String version) throws Exception {
        Path www = tmp.resolve("www-" + version);
        Files.createDirectories(www.resolve("js"));
        Files.writeString(www.resolve("index.html"), "<html>" + version + "</html>");
        Files.writeString(www.resolve("js/app.js"), "console.log('shared');");
        assertThat(ota("sign", www.toString(), "--app-id", "com.example.shop", "--bundle-version", version,
                "--signer", "file", "--private-key", tmp.resolve("release.pem").toString(), "--key-id", "release")
                .code()).isZero();
        Run r = ota("stage", www.toString(), "--store", staging, "--trusted-keys", keys.toString());
        assertThat(r.code()).as(r.err()).isZero();
    }

    Run promote(String version, int percent) {
        return ota(concat(new String[] {"promote", version, "--from-store", staging, "--store", prod, "--percent",
            String.valueOf(percent)}, channelArgs(), signer()));
    }

    void release(String version, int percent) throws Exception {
        stage(version);
        Run r = promote(version, percent);
        assertThat(r.code()).as(r.err()).isZero();
    }

    Run refresh(String... extra) {
        return ota(concat(new String[] {"channel", "refresh", "--store", prod}, channelArgs(), signer(), extra));
    }

    Run rollback(String... extra) {
        return ota(concat(new String[] {"rollback", "--store", prod, "--reason", "crash-free 97%"}, channelArgs(),
                signer(), extra));
    }

    Run show() {
        return ota(concat(new String[] {"channel", "show", "--store", prod}, channelArgs()));
    }

    /** The channel's objects as the store writer copies them aside: pointer, its signature, the history. */
    Map<String, byte[]> snapshot() throws Exception {
        return Map.of("channels/production.json", Files.readAllBytes(app.resolve("channels/production.json")),
                "channels/production.sig", Files.readAllBytes(app.resolve("channels/production.sig")));
    }

    void putBack(Map<String, byte[]> objects) throws Exception {
        for (var e : objects.entrySet()) {
            Files.write(app.resolve(e.getKey()), e.getValue());
        }
    }

    String current() {
        Matcher m = Pattern.compile("current   (\\S+) at (\\d+)%").matcher(show().out());
        assertThat(m.find()).isTrue();
        return m.group(1) + "@" + m.group(2);
    }

    long sequence() {
        Matcher m = Pattern.compile("sequence (\\d+)").matcher(show().out());
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void anOldSignedPointerPutBackIsNeverReSignedByARoutineRefresh() throws Exception {
        release("1.0.0", 100);
        Map<String, byte[]> old = snapshot();
        release("1.1.0", 100);
        putBack(old); // the store writer restores sequence 1 (1.0.0), validly signed

        Run r = refresh();
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.err()).contains("expected the pointer of sequence 2", "promote 1.1.0 at 100%",
                "but the store holds sequence 1", "ota promote 1.1.0 --percent 100");
        assertThat(show().out()).contains("HISTORY MISMATCH");
        assertThat(sequence()).isEqualTo(1); // nothing was signed on top of it

        // the promotion that builds the next fallback from the stored pointer is refused the same way
        stage("1.2.0");
        Run p = promote("1.2.0", 5);
        assertThat(p.code()).as(p.err()).isEqualTo(1);
        assertThat(p.err()).contains("expected the pointer of sequence 2", "but the store holds sequence 1");

        // the operator re-publishes the recorded pointer as the message says; the channel moves on from there
        assertThat(promote("1.1.0", 100).code()).isZero();
        assertThat(current()).isEqualTo("1.1.0@100");
        assertThat(sequence()).isEqualTo(2);
        Run ok = refresh();
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(current()).isEqualTo("1.1.0@100");
        assertThat(sequence()).isEqualTo(3);
    }

    @Test
    void anEditedReleaseDateDoesNotSteerTheDefaultRollbackTarget() throws Exception {
        release("1.0.0", 100);
        release("1.1.0", 100);
        release("1.2.0", 100);
        // registry.json is unsigned: the store writer makes 1.0.0 look like the newest rollback-ready release
        Path registry = app.resolve("registry.json");
        String doc = Files.readString(registry);
        String edited = doc.replaceFirst("(\"released\":\")[^\"]+(\",\"staged\":\"[^\"]+\",\"status\":\"rollback-ready\""
                + ",\"version\":\"1\\.0\\.0\")", "$12999-01-01T00:00:00Z$2");
        assertThat(edited).isNotEqualTo(doc);
        Files.writeString(registry, edited);

        Run r = rollback(); // --to previous, as ota canary --rollback-on-fail and the rollback job run it
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("to 1.1.0", "quarantined 1.2.0");
        assertThat(current()).isEqualTo("1.1.0@100");
    }

    @Test
    void anEditedStatusDoesNotLiftAQuarantine() throws Exception {
        release("1.0.0", 100);
        release("1.1.0", 100);
        assertThat(rollback().code()).isZero(); // 1.1.0 quarantined by a signed rollback
        Path registry = app.resolve("registry.json");
        String doc = Files.readString(registry);
        String edited = doc.replace("\"status\":\"quarantined\"", "\"status\":\"rollback-ready\"");
        assertThat(edited).isNotEqualTo(doc);
        Files.writeString(registry, edited);

        Run again = promote("1.1.0", 100);
        assertThat(again.code()).as(again.err()).isEqualTo(1);
        assertThat(again.err()).contains("release 1.1.0 is quarantined", "crash-free 97%");
        Run back = rollback("--to-version", "1.1.0");
        assertThat(back.code()).isEqualTo(1);
        assertThat(back.err()).contains("release 1.1.0 is quarantined", "--allow-quarantined");
        assertThat(current()).isEqualTo("1.0.0@100");
        assertThat(show().out()).contains("quarantined 1.1.0");
    }

    @Test
    void aFirstCanaryReplacedByAnotherIsNeverTheFallbackOfEveryoneElse() throws Exception {
        release("1.0.0", 5); // the first release ever: 95% keep the bundle built into the app
        release("1.1.0", 5);
        Run s = show();
        assertThat(s.out()).contains("current   1.1.0 at 5%").doesNotContain("fallback");
        // once a release has served everyone, it is the fallback of the next rollout
        assertThat(promote("1.1.0", 100).code()).isZero();
        release("1.2.0", 5);
        assertThat(show().out()).contains("current   1.2.0 at 5%", "fallback  1.1.0");
    }

    @Test
    void aDeletedOrRolledBackHistoryIsRefusedAndStartingOneIsExplicit() throws Exception {
        release("1.0.0", 100);
        byte[] oldHistory = Files.readAllBytes(app.resolve("history/production.json"));
        release("1.1.0", 100);
        // an older signed history beside the newer pointer
        Files.write(app.resolve("history/production.json"), oldHistory);
        Run r = refresh();
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("holds the pointer of sequence 2", "ends at sequence 1");
        Run rb = rollback();
        assertThat(rb.code()).isEqualTo(1);
        assertThat(sequence()).isEqualTo(2);

        // no history at all: only an operator who checked the pointer starts one
        Files.delete(app.resolve("history/production.json"));
        Run none = refresh();
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains("no signed history", "--start-history");
        Run start = refresh("--start-history");
        assertThat(start.code()).as(start.err()).isZero();
        assertThat(current()).isEqualTo("1.1.0@100");
        assertThat(sequence()).isEqualTo(3);
        assertThat(show().out()).contains("history   2 entries, last refresh 1.1.0 at 100%");
    }

    @Test
    void aTamperedHistoryIsRefused() throws Exception {
        release("1.0.0", 100);
        release("1.1.0", 100);
        assertThat(rollback().code()).isZero();
        Path history = app.resolve("history/production.json");
        // decode, drop the quarantine, re-encode: the signature no longer matches
        String doc = Files.readString(history);
        Matcher m = Pattern.compile("\"document\":\"([^\"]+)\"").matcher(doc);
        assertThat(m.find()).isTrue();
        String payload = new String(java.util.Base64.getDecoder().decode(m.group(1)),
                java.nio.charset.StandardCharsets.UTF_8);
        String forged = payload.replace("\"quarantined\":\"1.1.0\",", "");
        assertThat(forged).isNotEqualTo(payload);
        Files.writeString(history, doc.replace(m.group(1), java.util.Base64.getEncoder().encodeToString(
                forged.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        Run p = promote("1.1.0", 100);
        assertThat(p.code()).isEqualTo(1);
        assertThat(p.err()).contains("signed history of channel production does not verify");
        assertThat(current()).isEqualTo("1.0.0@100");
    }
}
