package io.otarelease.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The release commands end to end through the real command line, on file stores. */
class ReleaseCommandsTest {
    @TempDir
    Path tmp;
    String staging;
    String prod;
    Path keys;

    record Run(int code, String out, String err) {
    }

    static Run ota(String... args) {
        CommandLine cl = Ota.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    String[] signer(String key) {
        return new String[] {"--signer", "file", "--private-key", tmp.resolve(key + ".pem").toString(), "--key-id", key};
    }

    static String[] concat(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] p : parts) {
            all.addAll(List.of(p));
        }
        return all.toArray(String[]::new);
    }

    @BeforeEach
    void setUp() {
        staging = "file://" + tmp.resolve("staging");
        prod = "file://" + tmp.resolve("prod");
        keys = tmp.resolve("trusted-keys.json");
        for (String k : new String[] {"release", "channel"}) {
            assertThat(ota("keygen", "--key-id", k, "--private-key", tmp.resolve(k + ".pem").toString(),
                    "--trusted-keys", keys.toString()).code()).isZero();
        }
    }

    Path bundle(String version, String content) throws Exception {
        Path www = tmp.resolve("www-" + version);
        Files.createDirectories(www.resolve("js"));
        Files.writeString(www.resolve("index.html"), "<html>" + content + "</html>");
        Files.writeString(www.resolve("js/app.js"), "console.log('shared');");
        Run r = ota(concat(new String[] {"sign", www.toString(), "--app-id", "com.example.shop", "--bundle-version",
            version}, signer("release")));
        assertThat(r.code()).as(r.err()).isZero();
        return www;
    }

    String[] channelArgs() {
        return new String[] {"--app-id", "com.example.shop", "--trusted-keys", keys.toString(), "--actor", "ci-bot"};
    }

    @Test
    void stagePromoteWidenRollbackAndReadTheRegistry() throws Exception {
        Run s = ota("stage", bundle("1.0.0", "one").toString(), "--store", staging, "--trusted-keys", keys.toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).contains("staged com.example.shop 1.0.0", "2 files, 2 uploaded");
        Run again = ota("stage", tmp.resolve("www-1.0.0").toString(), "--store", staging, "--trusted-keys", keys.toString());
        assertThat(again.out()).contains("already staged", "0 uploaded");

        Run p5 = ota(concat(new String[] {"promote", "1.0.0", "--from-store", staging, "--store", prod, "--percent", "5"},
                channelArgs(), signer("channel")));
        assertThat(p5.code()).as(p5.err()).isZero();
        assertThat(p5.out()).contains("promoted com.example.shop 1.0.0", "at 5% (sequence 1)");
        assertThat(ota(concat(new String[] {"promote", "1.0.0", "--store", prod, "--percent", "100"}, channelArgs(),
                signer("channel"))).code()).isZero();

        ota("stage", bundle("1.1.0", "two").toString(), "--store", staging, "--trusted-keys", keys.toString());
        Run p2 = ota(concat(new String[] {"promote", "1.1.0", "--from-store", staging, "--store", prod, "--percent", "100"},
                channelArgs(), signer("channel")));
        assertThat(p2.out()).contains("1 files copied", "previous 1.0.0");

        Run show = ota(concat(new String[] {"channel", "show", "--store", prod}, channelArgs()));
        assertThat(show.code()).isZero();
        assertThat(show.out()).contains("sequence 3", "current   1.1.0 at 100%", "fallback  1.0.0", "signature valid")
                .doesNotContain("urgent");
        Run urgent = ota(concat(new String[] {"promote", "1.1.0", "--store", prod, "--percent", "100", "--urgent"},
                channelArgs(), signer("channel")));
        assertThat(urgent.code()).as(urgent.err()).isZero();
        assertThat(urgent.out()).contains("promoted com.example.shop 1.1.0 (urgent)", "(sequence 4)");
        assertThat(ota(concat(new String[] {"channel", "show", "--store", prod}, channelArgs())).out())
                .contains("sequence 4", "current   1.1.0 at 100%", ", urgent)", "signature valid");

        Run rb = ota(concat(new String[] {"rollback", "--store", prod, "--reason", "crash-free rate 97%"},
                channelArgs(), signer("channel")));
        assertThat(rb.code()).as(rb.err()).isZero();
        assertThat(rb.out()).contains("rolled back com.example.shop/production to 1.0.0 (sequence 5); quarantined 1.1.0",
                "store operations took");

        Run list = ota("registry", "list", "--store", prod, "--app-id", "com.example.shop");
        assertThat(list.out()).contains("| Version | Bundle Hash | Status | Released | Retired |")
                .containsPattern("\\| 1\\.0\\.0 \\| [0-9a-f]{12}… \\| current \\|")
                .containsPattern("\\| 1\\.1\\.0 \\| [0-9a-f]{12}… \\| quarantined \\| .* \\| 20\\d\\d-");
        Run one = ota("registry", "show", "1.1.0", "--store", prod, "--app-id", "com.example.shop");
        assertThat(one.out()).contains("status      quarantined", "note        crash-free rate 97%");

        Run refresh = ota(concat(new String[] {"channel", "refresh", "--store", prod}, channelArgs(), signer("channel")));
        assertThat(refresh.code()).as(refresh.err()).isZero();
        assertThat(refresh.out()).contains("sequence 6");

        Run gc = ota("gc", "--store", prod, "--app-id", "com.example.shop", "--grace", "7d");
        assertThat(gc.code()).isZero();
        assertThat(gc.out()).contains("deleted 0 of 3 blobs");

        // a blob of the serving release deleted by hand: gc names it and says no
        Path blobs = tmp.resolve("prod/com.example.shop/blobs/sha256");
        Path lost;
        try (var walk = java.nio.file.Files.walk(blobs)) {
            lost = walk.filter(java.nio.file.Files::isRegularFile).findFirst().orElseThrow();
        }
        java.nio.file.Files.delete(lost);
        Run broken = ota("gc", "--store", prod, "--app-id", "com.example.shop", "--grace", "7d");
        assertThat(broken.code()).isEqualTo(1);
        assertThat(broken.err()).contains("missing com.example.shop/blobs/sha256/", lost.getFileName().toString(),
                "Copy each from the staging store");
    }

    @Test
    void errorsAreOneLineWithTheDocumentedExitCode() throws Exception {
        Run missing = ota(concat(new String[] {"promote", "9.9.9", "--store", prod, "--percent", "5"}, channelArgs(),
                signer("channel")));
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("ota promote: release 9.9.9 is not in ").doesNotContain("\tat ");

        Run badPercent = ota(concat(new String[] {"promote", "1.0.0", "--store", prod, "--percent", "0"}, channelArgs(),
                signer("channel")));
        assertThat(badPercent.code()).isEqualTo(2);
        assertThat(badPercent.err()).contains("--percent must be between 1 and 100");

        Run noReason = ota(concat(new String[] {"rollback", "--store", prod}, channelArgs(), signer("channel")));
        assertThat(noReason.code()).isEqualTo(2);
        assertThat(noReason.err()).contains("--reason");

        Run badValidity = ota(concat(new String[] {"promote", "1.0.0", "--store", prod, "--percent", "5",
            "--pointer-validity", "0d"}, channelArgs(), signer("channel")));
        assertThat(badValidity.code()).isEqualTo(2);
        assertThat(badValidity.err()).contains("--pointer-validity must be between");
        Run badDuration = ota(concat(new String[] {"promote", "1.0.0", "--store", prod, "--percent", "5",
            "--pointer-validity", "soon"}, channelArgs(), signer("channel")));
        assertThat(badDuration.err()).contains("\"soon\" is not a duration");

        Run badUrl = ota("stage", tmp.toString(), "--store", "ftp://x", "--trusted-keys", keys.toString());
        assertThat(badUrl.code()).isEqualTo(2);
        assertThat(badUrl.err()).contains("unsupported scheme");
    }

    @Test
    void aFailedCdnInvalidationExitsThreeAndTheChangeStands() throws Exception {
        ota("stage", bundle("1.0.0", "one").toString(), "--store", staging, "--trusted-keys", keys.toString());
        int closedPort;
        try (var s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
        Run r = ota(concat(new String[] {"promote", "1.0.0", "--from-store", staging, "--store", prod, "--percent", "5",
            "--cdn", "cloudfront", "--cdn-distribution", "E1", "--cdn-endpoint", "http://127.0.0.1:" + closedPort},
                channelArgs(), signer("channel")));
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err()).contains("now serves 1.0.0 to 5% (sequence 1), but the CDN invalidation failed");
        Run show = ota(concat(new String[] {"channel", "show", "--store", prod}, channelArgs()));
        assertThat(show.out()).contains("current   1.0.0 at 5%", "signature valid");
    }

    @Test
    void theRegistryCanLiveInADynamoDbTable() throws Exception {
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
        try (var dynamo = io.otarelease.core.testing.Dynalite.start()) {
            String[] table = {"--registry-table", "ota-registry", "--dynamodb-endpoint", dynamo.endpoint().toString(),
                "--dynamodb-region", "eu-west-1"};
            Run s = ota(concat(new String[] {"stage", bundle("2.0.0", "dyn").toString(), "--store", staging,
                "--trusted-keys", keys.toString()}, table));
            assertThat(s.code()).as(s.err()).isZero();
            Run list = ota(concat(new String[] {"registry", "list", "--store", staging, "--app-id", "com.example.shop"},
                    table));
            assertThat(list.out()).contains("| 2.0.0 |", "| staged |");
            assertThat(tmp.resolve("staging/com.example.shop/registry.json")).doesNotExist();
            try (var client = dynamo.client()) {
                var item = client.getItem(b -> b.tableName("ota-registry").consistentRead(true).key(java.util.Map.of(
                        "appId", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("com.example.shop"))))
                        .item();
                assertThat(item.get("rev").n()).isEqualTo("1");
                assertThat(item.get("doc").s()).contains("\"2.0.0\"");
            }
        }
    }

    @Test
    void rollbackInvalidatesOnlyTheChannelObjectsAndWaitsForCloudFront() throws Exception {
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
        ota("stage", bundle("1.0.0", "one").toString(), "--store", staging, "--trusted-keys", keys.toString());
        ota("stage", bundle("1.1.0", "two").toString(), "--store", staging, "--trusted-keys", keys.toString());
        for (String v : new String[] {"1.0.0", "1.1.0"}) {
            assertThat(ota(concat(new String[] {"promote", v, "--from-store", staging, "--store", prod, "--percent", "100"},
                    channelArgs(), signer("channel"))).code()).isZero();
        }
        try (var cloudFront = new io.otarelease.core.testing.CloudFrontWireServer()) {
            cloudFront.pollsUntilDone.set(0);
            Run rb = ota(concat(new String[] {"rollback", "--store", prod, "--reason", "bad release", "--cdn",
                "cloudfront", "--cdn-distribution", "E1A2B3C4D5E6F7", "--cdn-endpoint", cloudFront.endpoint().toString(),
                "--cdn-path-prefix", "/ota", "--wait"}, channelArgs(), signer("channel")));
            assertThat(rb.code()).as(rb.err()).isZero();
            assertThat(rb.out()).contains("rolled back com.example.shop/production to 1.0.0",
                    "CDN invalidation I2J0I21PCUYOIK completed");
            assertThat(cloudFront.bodies).singleElement().satisfies(body -> assertThat(body)
                    .contains("<Quantity>2</Quantity>", "<Path>/ota/com.example.shop/channels/production.json</Path>",
                            "<Path>/ota/com.example.shop/channels/production.sig</Path>")
                    .doesNotContain("releases/", "blobs/"));
            assertThat(cloudFront.requests).anyMatch(r -> r.startsWith("GET ") && r.endsWith("/invalidation/I2J0I21PCUYOIK signed"));
        }
    }
}
