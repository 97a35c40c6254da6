package io.otarelease.core.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A real DynamoDB implementation for tests: dynalite (npm, MIT, DynamoDB's API on LevelDB, in memory here) in a
 * Node.js process of its own on an ephemeral loopback port, with the registry's table made through the real SDK.
 * DynamoDB Local is not used: its licence is the vendor's own terms.
 *
 * <p>Found at {@code $OTA_DYNALITE_DIR} (the package directory), else at {@code .tools/dynalite/node_modules/dynalite}
 * in or above the working directory, where {@code tools/npm-parts.sh} (run by {@code ./test.sh}) installs the pinned
 * version. Missing, a test skips itself, or fails in CI ({@link RealParts}).
 */
public final class Dynalite implements AutoCloseable {
    public static final String VERSION = "4.0.0";
    public static final String TABLE = "ota-registry";
    private final Process process;
    private final URI endpoint;

    private Dynalite(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static Path packageDir() {
        String configured = System.getenv("OTA_DYNALITE_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve(".tools/dynalite/node_modules/dynalite");
            if (Files.isRegularFile(p.resolve("index.js"))) {
                return p;
            }
        }
        return null;
    }

    public static boolean available() {
        Path dir = packageDir();
        return dir != null && Files.isRegularFile(dir.resolve("index.js")) && RealParts.onPath("node");
    }

    /** Starts dynalite with an empty {@link #TABLE} (partition key {@code appId}, a string). */
    public static Dynalite start() throws IOException, InterruptedException {
        RealParts.require(available(), "dynalite " + VERSION + " and Node.js (npm install --prefix .tools/dynalite "
                + "dynalite@" + VERSION + "; tools/npm-parts.sh, run by ./test.sh, does it)");
        // port 0 through the library (its command line treats 0 as "default 4567"); exits when our stdin closes,
        // so a killed test JVM leaves no server behind
        String script = "const s = require(" + jsString(packageDir().resolve("index.js").toString())
                + ")({createTableMs: 0, deleteTableMs: 0, updateTableMs: 0});"
                + "s.listen(0, '127.0.0.1', () => console.log('port ' + s.address().port));"
                + "process.stdin.on('end', () => process.exit(0)); process.stdin.resume();";
        Process p = new ProcessBuilder("node", "-e", script).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String line;
        try {
            line = first.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            line = null;
        }
        if (line == null || !line.startsWith("port ")) {
            p.destroyForcibly();
            throw new IllegalStateException("dynalite did not start: " + line);
        }
        drain(out);
        Dynalite d = new Dynalite(p, URI.create("http://127.0.0.1:" + line.substring(5).trim()));
        try (DynamoDbClient c = d.client()) {
            c.createTable(b -> b.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("appId")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("appId").keyType(KeyType.HASH).build()));
            c.waiter().waitUntilTableExists(b -> b.tableName(TABLE));
        }
        return d;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client of the real SDK for setting up and inspecting tables. */
    public DynamoDbClient client() {
        return DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).endpointOverride(endpoint)
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test")))
                .build();
    }

    private static void drain(BufferedReader out) {
        Thread t = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // dynalite logs nothing unless asked; keep the pipe from filling anyway
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "dynalite-output");
        t.setDaemon(true);
        t.start();
    }

    private static String jsString(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
