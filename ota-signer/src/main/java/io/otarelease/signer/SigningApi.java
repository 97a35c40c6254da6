package io.otarelease.signer;

import io.otarelease.core.serve.RateLimiter;
import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.json.JsonFields;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.sign.Signer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
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
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP API: {@code POST /v1/sign}, {@code GET /v1/keys}, {@code GET /healthz}. The client certificate's token
 * bucket is checked first, before any other work: a request over it gets 429 and no audit line (a revoked or
 * unknown certificate, or one asking for unknown paths, is limited like any other). Every other request to a
 * {@code /v1} endpoint gets one bounded audit line, written and synced before the answer; when the line cannot be
 * written a signature is withheld (503). Every refusal is a JSON {@code {"error": code, "message": why}}; nothing a
 * client sends can make the server answer with a stack trace.
 */
final class SigningApi extends Handler.Abstract {
    static final int MAX_BODY = 4096;
    private static final Set<String> SIGN_FIELDS = Set.of("keyId", "algorithm", "digest");

    private final Map<String, Signer> keys;
    private final Supplier<AccessPolicy> policy;
    private final Supplier<RateLimiter> limiter;
    private final SigningAuditLog audit;
    private final Clock clock;
    private final Consumer<String> log;
    private final LimitedLog limitedLog;

    SigningApi(Map<String, Signer> keys, Supplier<AccessPolicy> policy, Supplier<RateLimiter> limiter, SigningAuditLog audit,
               Clock clock, Consumer<String> log, LimitedLog limitedLog) {
        this.keys = keys;
        this.policy = policy;
        this.limiter = limiter;
        this.audit = audit;
        this.clock = clock;
        this.log = log;
        this.limitedLog = limitedLog;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            Answer answer = answer(request, response);
            send(response, callback, answer.status(), answer.body());
        } catch (RuntimeException e) {
            log.accept("request failed: " + e);
            callback.failed(e);
        }
        return true;
    }

    private record Answer(int status, byte[] body) {
    }

    private Answer answer(Request request, Response response) {
        String path = String.valueOf(request.getHttpURI().getPath());
        if (path.equals("/healthz")) {
            return health();
        }
        String remote = Request.getRemoteAddr(request);
        ClientIdentity id = identity(request);
        if (id == null) {
            return new Answer(403, error("no_client_certificate", "a client certificate is required"));
        }
        long retryAfter = limiter.get().acquire(id.fingerprint());
        if (retryAfter > 0) {
            limitedLog.accept("too many requests from client certificate " + id.fingerprint() + " at " + remote
                    + ": answered 429 without an audit line");
            response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfter);
            return new Answer(429, error("too_many_requests", "the client certificate " + id.subjectName()
                    + " sent too many requests; retry later"));
        }
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("time", Instant.now(clock).toString());
        record.put("remote", remote);
        record.put("method", request.getMethod());
        record.put("path", path);
        record.put("clientSubject", id.subjectName());
        record.put("clientFingerprint", id.fingerprint());
        int status;
        byte[] body;
        try {
            Object result = route(request, response, path, id, record);
            status = 200;
            body = CanonicalJson.bytes(result);
            record.put("outcome", path.equals("/v1/sign") ? "signed" : "listed");
        } catch (ApiError e) {
            status = e.status();
            body = error(e.code(), e.getMessage());
            record.put("outcome", "refused");
            record.put("error", e.code());
            record.put("reason", e.getMessage());
        } catch (IOException | RuntimeException e) {
            // a token or provider failure, or a broken body: the operator's log gets the detail, the client a sentence
            log.accept("internal error on " + cut(path) + ": " + e);
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
                body = error("audit_unavailable", "the audit log cannot be written, so no signature is returned; "
                        + "retry once the operator has made room for the audit log");
            }
        }
        return new Answer(status, body);
    }

    private Object route(Request request, Response response, String path, ClientIdentity id,
                         Map<String, Object> record) throws ApiError, IOException {
        boolean sign = path.equals("/v1/sign");
        if (!sign && !path.equals("/v1/keys")) {
            throw new ApiError(404, "not_found", "no such endpoint " + cut(path) + " (POST /v1/sign, GET /v1/keys, "
                    + "GET /healthz)");
        }
        String method = sign ? "POST" : "GET";
        if (!request.getMethod().equals(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, method);
            throw new ApiError(405, "method_not_allowed", path + " takes " + method);
        }
        AccessPolicy p = policy.get();
        String client = p.clientName(id);
        record.put("client", client);
        if (!sign) {
            List<TrustedKey> mine = new ArrayList<>();
            keys.values().stream().filter(k -> p.mayUse(client, k.keyId())).forEach(k -> mine.add(k.trustedKey()));
            return new TrustedKeys(mine).toJson();
        }
        return sign(readBody(request, response), client, p, record);
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
        if (key == null || !p.mayUse(client, keyId)) {
            // one answer for both: a different one for a missing key would let any client list the key ids
            record.put("keyExists", key != null);
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

    private Answer health() {
        if (audit.failure() != null) {
            return new Answer(503, error("audit_unavailable", "the audit log cannot be written; no signatures are "
                    + "served until it can"));
        }
        return new Answer(200, CanonicalJson.bytes(Map.of("status", "ok", "keys", (long) keys.size())));
    }

    /** The certificate the TLS handshake verified; null only if the connector were set up without one. */
    private static ClientIdentity identity(Request request) {
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData tls) {
            X509Certificate[] chain = tls.peerCertificates();
            if (chain != null && chain.length > 0) {
                return ClientIdentity.of(chain[0]);
            }
        }
        return null;
    }

    /** At most {@link #MAX_BODY} bytes; larger bodies are refused before they are read. */
    private static byte[] readBody(Request request, Response response) throws ApiError, IOException {
        String length = request.getHeaders().get(HttpHeader.CONTENT_LENGTH);
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > MAX_BODY) {
                    throw tooLarge(response);
                }
            } catch (NumberFormatException e) {
                throw new ApiError(400, "bad_request", "Content-Length is not a number");
            }
        }
        InputStream in = Content.Source.asInputStream(request);
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw tooLarge(response);
        }
        return body;
    }

    private static ApiError tooLarge(Response response) {
        // the rest of the body is not read: closing the connection keeps it from being parsed as a request
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        return new ApiError(413, "body_too_large", "the request body is over " + MAX_BODY + " bytes");
    }

    /** A client-chosen text cut for an answer or a log line (the audit log bounds its own lines). */
    private static String cut(String text) {
        return text.length() > 100 ? SigningAuditLog.prefix(text, 100) + "...(cut)" : text;
    }

    static byte[] error(String code, String message) {
        return CanonicalJson.bytes(Map.of("error", code, "message", message));
    }

    static void send(Response response, Callback callback, int status, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
