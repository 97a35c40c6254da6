package io.otarelease.signer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;
import io.otarelease.client.json.Json;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.json.JsonFields;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.sign.Signer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The HTTP API: {@code POST /v1/sign}, {@code GET /v1/keys}, {@code GET /healthz}. Every request to a {@code /v1}
 * endpoint gets one audit line, written and synced before the answer; when the line cannot be written a
 * signature is withheld (503). Every refusal is a JSON {@code {"error": code, "message": why}}; nothing a client
 * sends can make the server answer with a stack trace.
 */
final class SigningApi implements HttpHandler {
    static final int MAX_BODY = 4096;
    private static final Set<String> SIGN_FIELDS = Set.of("keyId", "algorithm", "digest");

    private final Map<String, Signer> keys;
    private final Supplier<AccessPolicy> policy;
    private final Supplier<RateLimiter> limiter;
    private final AuditLog audit;
    private final Clock clock;
    private final Consumer<String> log;

    SigningApi(Map<String, Signer> keys, Supplier<AccessPolicy> policy, Supplier<RateLimiter> limiter, AuditLog audit,
               Clock clock, Consumer<String> log) {
        this.keys = keys;
        this.policy = policy;
        this.limiter = limiter;
        this.audit = audit;
        this.clock = clock;
        this.log = log;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/healthz")) {
                health(ex);
                return;
            }
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("time", Instant.now(clock).toString());
            record.put("remote", ex.getRemoteAddress().getAddress().getHostAddress());
            record.put("method", ex.getRequestMethod());
            record.put("path", path);
            int status;
            byte[] body;
            try {
                ClientIdentity id = identity(ex);
                record.put("clientSubject", id.subjectName());
                record.put("clientFingerprint", id.fingerprint());
                Object result = route(ex, path, id, record);
                status = 200;
                body = Json.canonicalBytes(result);
                record.put("outcome", path.equals("/v1/sign") ? "signed" : "listed");
            } catch (ApiError e) {
                status = e.status();
                body = error(e.code(), e.getMessage());
                record.put("outcome", "refused");
                record.put("error", e.code());
                record.put("reason", e.getMessage());
            } catch (RuntimeException e) {
                // a token or provider failure: the operator's log gets the detail, the client a sentence
                log.accept("internal error on " + path + ": " + e);
                status = 500;
                body = error("internal_error", "the signing server failed to process the request; see its log");
                record.put("outcome", "failed");
                record.put("error", "internal_error");
            }
            record.put("status", (long) status);
            try {
                audit.append(record);
            } catch (IOException e) {
                log.accept("AUDIT FAILURE, answer withheld: " + e.getMessage());
                if (status == 200) {
                    status = 503;
                    body = error("audit_unavailable", "the audit log cannot be written, so no signature is "
                            + "returned; the operator must fix the audit log and restart the server");
                }
            }
            send(ex, status, body);
        } catch (IOException | RuntimeException e) {
            // the client went away mid-answer, or the exchange broke: nothing more can be sent
            log.accept("request failed: " + e);
        }
    }

    private Object route(HttpExchange ex, String path, ClientIdentity id, Map<String, Object> record) throws ApiError,
            IOException {
        boolean sign = path.equals("/v1/sign");
        if (!sign && !path.equals("/v1/keys")) {
            throw new ApiError(404, "not_found", "no such endpoint " + path + " (POST /v1/sign, GET /v1/keys, "
                    + "GET /healthz)");
        }
        String method = sign ? "POST" : "GET";
        if (!ex.getRequestMethod().equals(method)) {
            ex.getResponseHeaders().set("Allow", method);
            throw new ApiError(405, "method_not_allowed", path + " takes " + method);
        }
        // The body is read (at most 4 KiB) before any refusal: an answer sent while the client is still sending
        // leaves the rest of the body on a kept-alive connection, where it stalls the client's next request.
        byte[] body = sign ? readBody(ex) : null;
        AccessPolicy p = policy.get();
        String client = p.clientName(id);
        record.put("client", client);
        RateLimiter rl = limiter.get();
        if (!rl.tryAcquire(id.fingerprint())) {
            ex.getResponseHeaders().set("Retry-After", Integer.toString(rl.retryAfterSeconds()));
            throw new ApiError(429, "too_many_requests", "client " + client + " sent too many requests; retry later");
        }
        if (!sign) {
            List<TrustedKey> mine = new ArrayList<>();
            keys.values().stream().filter(k -> p.mayUse(client, k.keyId())).forEach(k -> mine.add(k.trustedKey()));
            return new TrustedKeys(mine).toJson();
        }
        return sign(body, client, p, record);
    }

    private Map<String, Object> sign(byte[] body, String client, AccessPolicy p, Map<String, Object> record)
            throws ApiError {
        JsonFields req;
        String keyId;
        String algorithmName;
        String digestText;
        try {
            req = JsonFields.parse(body, "request");
            for (String k : req.raw().keySet()) {
                if (!SIGN_FIELDS.contains(k)) {
                    throw req.fail(k, "is not a field of a sign request (keyId, algorithm, digest)");
                }
            }
            keyId = req.string("keyId");
            algorithmName = req.string("algorithm");
            digestText = req.string("digest");
        } catch (JsonException e) {
            throw new ApiError(400, "bad_request", e.getMessage());
        }
        record.put("keyId", keyId);
        record.put("algorithm", algorithmName);
        byte[] digest;
        try {
            digest = Base64.getDecoder().decode(digestText);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "bad_digest", "request: digest is not base64");
        }
        if (digest.length != 32) {
            throw new ApiError(400, "bad_digest", "request: digest must be the 32 bytes of a SHA-256 digest, not "
                    + digest.length + " bytes");
        }
        record.put("digest", HexFormat.of().formatHex(digest));
        Signer key = keys.get(keyId);
        if (key == null) {
            throw new ApiError(404, "unknown_key", "no key \"" + keyId + "\" on this server");
        }
        if (!p.mayUse(client, keyId)) {
            throw new ApiError(403, "key_not_allowed", "client " + client + " may not use key \"" + keyId + "\"");
        }
        Algorithm algorithm;
        try {
            algorithm = Algorithm.parse(algorithmName);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "bad_algorithm", "request: algorithm: " + e.getMessage());
        }
        if (algorithm != key.algorithm()) {
            throw new ApiError(400, "algorithm_mismatch", "key \"" + keyId + "\" is a " + key.publicKey().getAlgorithm()
                    + " key bound to " + key.algorithm() + "; " + algorithm + " does not fit it");
        }
        byte[] signature = key.signDigest(digest);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("keyId", keyId);
        out.put("algorithm", algorithm.name());
        out.put("signature", Base64.getEncoder().encodeToString(signature));
        return out;
    }

    private void health(HttpExchange ex) throws IOException {
        String failure = audit.failure();
        if (failure != null) {
            send(ex, 503, error("audit_unavailable", "the audit log failed; no signatures are served"));
        } else {
            send(ex, 200, Json.canonicalBytes(Map.of("status", "ok", "keys", (long) keys.size())));
        }
    }

    private static ClientIdentity identity(HttpExchange ex) throws ApiError {
        try {
            Certificate[] chain = ((HttpsExchange) ex).getSSLSession().getPeerCertificates();
            return ClientIdentity.of((X509Certificate) chain[0]);
        } catch (SSLPeerUnverifiedException | ClassCastException e) {
            throw new ApiError(403, "no_client_certificate", "a client certificate is required");
        }
    }

    /** At most {@link #MAX_BODY} bytes; larger bodies are refused before they are read. */
    private static byte[] readBody(HttpExchange ex) throws ApiError, IOException {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > MAX_BODY) {
                    throw tooLarge(ex);
                }
            } catch (NumberFormatException e) {
                throw new ApiError(400, "bad_request", "Content-Length is not a number");
            }
        }
        InputStream in = ex.getRequestBody();
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw tooLarge(ex);
        }
        return body;
    }

    private static ApiError tooLarge(HttpExchange ex) {
        // the rest of the body is not read: closing the connection keeps it from being parsed as a request
        ex.getResponseHeaders().set("Connection", "close");
        return new ApiError(413, "body_too_large", "the request body is over " + MAX_BODY + " bytes");
    }

    private static byte[] error(String code, String message) {
        return Json.canonicalBytes(Map.of("error", code, "message", message));
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
