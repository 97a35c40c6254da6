package io.otarelease.core.sign;

import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.json.JsonFields;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.TrustedKey;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.client.verify.VerificationException;
import io.otarelease.core.OtaException;
import io.otarelease.core.Secret;
import io.otarelease.core.tls.TlsContexts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * A key held by the OTA signing server ({@code ota-signer}), reached over mutual TLS: the client identity comes
 * from a key store in memory (a PKCS#12 file's, or a Jenkins certificate credential's), the server must chain to the given CA and,
 * when a pin is set, be exactly the pinned certificate.
 *
 * <p>The public key comes from the server's {@code GET /v1/keys} when the signer opens, and every signature the
 * server returns is checked against it before {@link #signDigest} returns: a wrong signature never leaves here.
 * Connection errors and 5xx answers are retried with exponential backoff, 4xx answers never (the request itself
 * is refused, so repeating it cannot help); every call is bounded by timeouts.
 */
public final class RemoteSigner extends KeyBoundSigner {
    /** How to reach the server. {@code serverPin} is a SHA-256 fingerprint (hex, colons allowed) or null. */
    public record Options(URI url, KeyStore clientIdentity, Secret identityPassword, List<X509Certificate> serverCa,
                          String serverPin, Duration connectTimeout, Duration requestTimeout, int attempts,
                          Duration firstBackoff) {
        /**
         * @param clientIdentity held in memory: the client key is never written to disk to open the connection
         * @param identityPassword the key store's password, read when the signer opens
         */
        public static Options of(URI url, KeyStore clientIdentity, Secret identityPassword,
                                 List<X509Certificate> serverCa, String serverPin) {
            return new Options(url, clientIdentity, identityPassword, serverCa, serverPin, Duration.ofSeconds(5),
                    Duration.ofSeconds(15), 4, Duration.ofMillis(250));
        }

        public Options withRetries(int attempts, Duration firstBackoff) {
            return new Options(url, clientIdentity, identityPassword, serverCa, serverPin, connectTimeout,
                    requestTimeout, attempts, firstBackoff);
        }

        @Override
        public String toString() {
            return "RemoteSigner.Options[url=" + url + ", serverPin=" + serverPin + "]";
        }
    }

    private final Options options;
    private final HttpClient http;

    private RemoteSigner(Options options, HttpClient http, String keyId, Algorithm algorithm, PublicKey publicKey) {
        super(keyId, algorithm, publicKey);
        this.options = options;
        this.http = http;
    }

    /** Connects, and fetches the key's public half from the server; the key must exist with this algorithm. */
    public static RemoteSigner open(Options o, String keyId, Algorithm algorithm) {
        if (o.url() == null || !"https".equals(o.url().getScheme())) {
            throw new OtaException.BadInput("the remote signer needs an https:// --signer-url, not " + o.url());
        }
        TrustManager[] trust = TlsContexts.trustOnly(o.serverCa(), "the signing server's CA");
        if (o.serverPin() != null) {
            trust = TlsContexts.pinned(trust, normalizePin(o.serverPin()));
        }
        SSLParameters params = new SSLParameters();
        params.setProtocols(TlsContexts.PROTOCOLS.toArray(String[]::new));
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(TlsContexts.context(TlsContexts.identity(o.clientIdentity(), o.identityPassword(),
                        "the client key store"), trust))
                .sslParameters(params)
                .connectTimeout(o.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        String where = o.url().resolve("/v1/keys").toString();
        TrustedKeys keys;
        try {
            keys = TrustedKeys.parse(call(o, http, HttpRequest.newBuilder(o.url().resolve("/v1/keys")).GET(), where),
                    where);
        } catch (JsonException e) {
            throw new SigningException("the signing server answered " + where + " with a malformed key list: "
                    + e.getMessage(), e);
        }
        TrustedKey key = keys.find(keyId).orElseThrow(() -> new OtaException.BadInput("the signing server "
                + o.url() + " offers this client no key \"" + keyId + "\" (it offers " + keys.keys().stream()
                .map(TrustedKey::keyId).toList() + ")"));
        if (algorithm != null && key.algorithm() != algorithm) {
            throw new OtaException.BadInput("key \"" + keyId + "\" on " + o.url() + " is bound to " + key.algorithm()
                    + ", not " + algorithm + " (fix --algorithm)");
        }
        // the server binds each key to one algorithm: without --algorithm, that one
        return new RemoteSigner(o, http, keyId, key.algorithm(), key.publicKey());
    }

    @Override
    public byte[] signDigest(byte[] sha256) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("keyId", keyId());
        req.put("algorithm", algorithm().name());
        req.put("digest", Base64.getEncoder().encodeToString(sha256));
        String where = options.url().resolve("/v1/sign").toString();
        byte[] body = call(options, http, HttpRequest.newBuilder(options.url().resolve("/v1/sign"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(CanonicalJson.bytes(req))), where);
        byte[] signature;
        try {
            JsonFields answer = JsonFields.parse(body, where);
            answer.expect("keyId", keyId());
            answer.expect("algorithm", algorithm().name());
            signature = Base64.getDecoder().decode(answer.string("signature"));
        } catch (JsonException | IllegalArgumentException e) {
            throw new SigningException("the signing server gave a malformed answer: " + e.getMessage(), e);
        }
        try {
            DigestVerification.verify(algorithm(), publicKey(), sha256, signature, "the signature by key \""
                    + keyId() + "\" that the signing server " + options.url() + " returned");
        } catch (VerificationException e) {
            throw new SigningException(e.getMessage() + "; it was not used", e);
        }
        return signature;
    }

    /** One request with retries: connection errors and 5xx are retried, 4xx never. Returns the 200 body. */
    private static byte[] call(Options o, HttpClient http, HttpRequest.Builder request, String where) {
        HttpRequest req = request.timeout(o.requestTimeout()).header("Accept", "application/json").build();
        String last = null;
        for (int attempt = 1; attempt <= o.attempts(); attempt++) {
            if (attempt > 1) {
                sleep(o.firstBackoff().multipliedBy(1L << Math.min(attempt - 2, 6)));
            }
            HttpResponse<byte[]> r;
            try {
                r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            } catch (SSLHandshakeException e) {
                // a certificate problem (wrong CA, pin, expired or refused client certificate): retrying cannot help
                throw new OtaException.BadInput("TLS handshake with the signing server " + o.url() + " failed: "
                        + rootMessage(e), e);
            } catch (IOException e) {
                last = "cannot reach " + where + ": " + rootMessage(e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SigningException("interrupted while calling " + where, e);
            }
            int status = r.statusCode();
            if (status == 200) {
                return r.body();
            }
            String why = errorMessage(r.body());
            if (status >= 500) {
                last = where + " answered " + status + ": " + why;
                continue;
            }
            if (status == 429) {
                throw new SigningException("the signing server is rate limiting this client (" + why
                        + "); retry later");
            }
            throw new OtaException.BadInput("the signing server refused the request (" + status + " at " + where
                    + "): " + why);
        }
        throw new SigningException("the signing server failed after " + o.attempts() + " attempts; last: " + last);
    }

    private static String errorMessage(byte[] body) {
        try {
            JsonFields err = JsonFields.parse(body, "error");
            return err.string("error") + ": " + err.string("message");
        } catch (JsonException e) {
            String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
            return "(not a JSON error) " + text.replaceAll("[\\p{Cntrl}]", " ");
        }
    }

    static String normalizePin(String pin) {
        String s = pin.strip().toLowerCase(java.util.Locale.ROOT).replace(":", "");
        if (s.startsWith("sha256")) {
            s = s.substring(6);
        }
        if (!s.matches("[0-9a-f]{64}")) {
            throw new OtaException.BadInput("--server-pin must be the server certificate's SHA-256 fingerprint (64 hex"
                    + " digits, colons allowed), not \"" + pin + "\"");
        }
        return s;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SigningException("interrupted while waiting to retry the signing server", e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        String m = r.getMessage();
        return m == null ? r.getClass().getSimpleName() : m;
    }

    @Override
    public String describe() {
        return "signing server " + options.url() + " key \"" + keyId() + "\"";
    }
}
