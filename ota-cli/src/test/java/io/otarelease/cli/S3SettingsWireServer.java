package io.otarelease.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Answers GetBucketEncryption ({@code GET /bucket?encryption}) and GetBucketVersioning ({@code GET /bucket?versioning})
 * in S3's REST/XML wire format, with answers S3Proxy does not give: SSE-KMS with a key, versioning suspended, access
 * denied, not implemented. The real SDK client of the engine talks to it with path-style addressing.
 */
final class S3SettingsWireServer implements AutoCloseable {
    static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";

    /** A canned answer: status and XML body. */
    record Answer(int status, String xml) {
        static Answer kms(String keyArn) {
            return new Answer(200, "<ServerSideEncryptionConfiguration xmlns=\"" + NS + "\"><Rule>"
                    + "<ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>"
                    + keyArn + "</KMSMasterKeyID></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true"
                    + "</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>");
        }

        static Answer versioning(String status) {
            return new Answer(200, "<VersioningConfiguration xmlns=\"" + NS + "\"><Status>" + status
                    + "</Status></VersioningConfiguration>");
        }

        static Answer error(int status, String code, String message) {
            return new Answer(status, "<Error><Code>" + code + "</Code><Message>" + message
                    + "</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>");
        }
    }

    private final HttpServer http;
    volatile Answer encryption = Answer.kms("arn:aws:kms:eu-west-1:111122223333:key/1234abcd");
    volatile Answer versioning = Answer.versioning("Enabled");
    final List<String> requests = new CopyOnWriteArrayList<>();

    S3SettingsWireServer() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        http.createContext("/", this::handle);
        http.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String query = ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery();
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI());
            Answer a = !ex.getRequestMethod().equals("GET") ? Answer.error(405, "MethodNotAllowed", "GET only")
                    : query.startsWith("encryption") ? encryption : query.startsWith("versioning") ? versioning
                    : Answer.error(501, "NotImplemented", "only the bucket settings are served here");
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + a.xml()).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/xml");
            ex.getResponseHeaders().set("x-amz-request-id", "4442587FB7D0A2F9");
            ex.sendResponseHeaders(a.status(), body.length);
            ex.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
