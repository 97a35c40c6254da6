package io.otarelease.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback server speaking CloudFront's REST/XML protocol (API 2020-05-31) for the real SDK client:
 * CreateInvalidation answers 201 with an Invalidation document, GetInvalidation reports InProgress
 * {@link #pollsUntilDone} times then Completed, errors come as ErrorResponse documents. No CloudFront emulator
 * exists to run here.
 */
public final class CloudFrontWireServer implements AutoCloseable {
    public static final String NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/";
    private final HttpServer server;
    /** "METHOD path [signed]" of every request. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** The XML bodies of CreateInvalidation requests. */
    public final List<String> bodies = new CopyOnWriteArrayList<>();
    /** How many CreateInvalidation requests fail with 503 before one succeeds. */
    public final AtomicInteger failCreates = new AtomicInteger();
    public final AtomicInteger pollsUntilDone = new AtomicInteger(2);
    public volatile String knownDistribution = "E1A2B3C4D5E6F7";

    public CloudFrontWireServer() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/2020-05-31/distribution/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
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

    public static String invalidation(String id, String status, String batchXml) {
        String batch = batchXml.replaceFirst("^<\\?xml[^>]*>", "").replace(" xmlns=\"" + NS + "\"", "");
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Invalidation xmlns=\"" + NS + "\"><Id>" + id + "</Id>"
                + "<Status>" + status + "</Status><CreateTime>2026-03-29T14:00:00.000Z</CreateTime>" + batch
                + "</Invalidation>";
    }

    public static String error(String code, String message) {
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
}
