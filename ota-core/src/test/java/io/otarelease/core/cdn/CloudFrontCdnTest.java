package io.otarelease.core.cdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real CloudFront client of the AWS SDK v2 against a loopback server that speaks CloudFront's REST/XML
 * protocol (API 2020-05-31): CreateInvalidation answers 201 with an Invalidation document, GetInvalidation
 * reports InProgress then Completed, errors come as ErrorResponse documents.
 */
class CloudFrontCdnTest {
    static final String NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/";
    HttpServer server;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final AtomicInteger failCreates = new AtomicInteger();
    final AtomicInteger pollsUntilDone = new AtomicInteger(2);
    volatile String knownDistribution = "E1A2B3C4D5E6F7";

    @BeforeEach
    void start() throws IOException {
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "test-secret");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/2020-05-31/distribution/", this::handle);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    CloudFrontCdn cdn(String distribution) {
        return CloudFrontCdn.open(distribution, URI.create("http://127.0.0.1:" + server.getAddress().getPort()), 3)
                .withPollInterval(Duration.ofMillis(10));
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        requests.add(ex.getRequestMethod() + " " + path + (auth != null && auth.startsWith("AWS4-HMAC-SHA256") ? " signed" : ""));
        byte[] in = ex.getRequestBody().readAllBytes();
        Matcher m = Pattern.compile("/2020-05-31/distribution/([^/]+)/invalidation(?:/([^/]+))?").matcher(path);
        if (!m.matches()) {
            send(ex, 404, error("NoSuchResource", "unknown path"));
            return;
        }
        if (!m.group(1).equals(knownDistribution)) {
            send(ex, 404, error("NoSuchDistribution", "The specified distribution does not exist."));
            return;
        }
        if (ex.getRequestMethod().equals("POST") && m.group(2) == null) {
            String body = new String(in, StandardCharsets.UTF_8);
            bodies.add(body);
            if (failCreates.getAndDecrement() > 0) {
                send(ex, 503, error("ServiceUnavailable", "try again"));
                return;
            }
            ex.getResponseHeaders().add("Location", "https://cloudfront.amazonaws.com/2020-05-31/distribution/"
                    + m.group(1) + "/invalidation/I2J0I21PCUYOIK");
            send(ex, 201, invalidation("I2J0I21PCUYOIK", "InProgress", body));
        } else if (ex.getRequestMethod().equals("GET") && m.group(2) != null) {
            String status = pollsUntilDone.getAndDecrement() > 0 ? "InProgress" : "Completed";
            send(ex, 200, invalidation(m.group(2), status, "<InvalidationBatch xmlns=\"" + NS + "\"><Paths><Quantity>1"
                    + "</Quantity><Items><Path>/x</Path></Items></Paths><CallerReference>r</CallerReference>"
                    + "</InvalidationBatch>"));
        } else {
            send(ex, 405, error("MethodNotAllowed", "no"));
        }
    }

    static String invalidation(String id, String status, String batchXml) {
        String batch = batchXml.replaceFirst("^<\\?xml[^>]*>", "").replace(" xmlns=\"" + NS + "\"", "");
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Invalidation xmlns=\"" + NS + "\"><Id>" + id + "</Id>"
                + "<Status>" + status + "</Status><CreateTime>2026-03-29T14:00:00.000Z</CreateTime>" + batch
                + "</Invalidation>";
    }

    static String error(String code, String message) {
        return "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>req-1</RequestId></ErrorResponse>";
    }

    static void send(HttpExchange ex, int status, String xml) throws IOException {
        byte[] b = xml.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/xml");
        ex.getResponseHeaders().add("x-amz-request-id", "req-1");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Test
    void createsASignedInvalidationOfTheGivenPathsAndWaitsUntilCompleted() {
        try (CloudFrontCdn cdn = cdn("E1A2B3C4D5E6F7")) {
            String id = cdn.invalidate(List.of("/com.example.shop/channels/production.json",
                    "/com.example.shop/channels/production.sig"));
            assertThat(id).isEqualTo("I2J0I21PCUYOIK");
            cdn.awaitCompleted(id, Duration.ofSeconds(10));
        }
        assertThat(bodies.get(0)).contains("<Quantity>2</Quantity>",
                "<Path>/com.example.shop/channels/production.json</Path>",
                "<Path>/com.example.shop/channels/production.sig</Path>", "<CallerReference>ota-");
        assertThat(requests).containsExactly(
                "POST /2020-05-31/distribution/E1A2B3C4D5E6F7/invalidation signed",
                "GET /2020-05-31/distribution/E1A2B3C4D5E6F7/invalidation/I2J0I21PCUYOIK signed",
                "GET /2020-05-31/distribution/E1A2B3C4D5E6F7/invalidation/I2J0I21PCUYOIK signed",
                "GET /2020-05-31/distribution/E1A2B3C4D5E6F7/invalidation/I2J0I21PCUYOIK signed");
    }

    @Test
    void retriesATransientFailure() {
        failCreates.set(2);
        try (CloudFrontCdn cdn = cdn("E1A2B3C4D5E6F7")) {
            assertThat(cdn.invalidate(List.of("/a"))).isEqualTo("I2J0I21PCUYOIK");
        }
        assertThat(bodies).hasSize(3);
    }

    @Test
    void aRefusalBecomesACdnErrorNamingTheDistribution() {
        try (CloudFrontCdn cdn = cdn("EWRONG")) {
            assertThatThrownBy(() -> cdn.invalidate(List.of("/a")))
                    .isInstanceOfSatisfying(CdnException.class, e -> assertThat(e.exitCode()).isEqualTo(3))
                    .hasMessageContaining("distribution EWRONG").hasMessageContaining("does not exist");
        }
    }

    @Test
    void waitingGivesUpAfterTheTimeout() {
        pollsUntilDone.set(1_000_000);
        try (CloudFrontCdn cdn = cdn("E1A2B3C4D5E6F7")) {
            assertThatThrownBy(() -> cdn.awaitCompleted("I1", Duration.ofMillis(100)))
                    .isInstanceOf(CdnException.class).hasMessageContaining("still InProgress");
        }
    }
}
