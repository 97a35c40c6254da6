package io.otarelease.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.otarelease.client.json.CanonicalJson;
import io.otarelease.client.json.JsonException;
import io.otarelease.client.json.JsonFields;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.core.sign.DigestSigning;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local stand-in for AWS KMS, speaking its real wire protocol (AWS JSON 1.1: {@code POST /},
 * {@code X-Amz-Target: TrentService.Sign} or {@code TrentService.GetPublicKey}, content type
 * {@code application/x-amz-json-1.1}, errors as {@code {"__type": ..., "message": ...}}), so the real SDK v2
 * {@code KmsClient} can run against it with an endpoint override. No KMS emulator is reachable from here.
 *
 * <p>It checks every request's SigV4 signature (AWS4-HMAC-SHA256 over the canonical request, with the test's
 * access key and secret) and refuses unsigned or wrongly signed requests as KMS does. Signing uses real keys held
 * in memory; only {@code MessageType: DIGEST} is accepted, the mode our signer must use.
 */
public final class FakeKms implements AutoCloseable {
    private static final Pattern AUTH = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/kms/aws4_request, ?SignedHeaders=([^,]+), ?"
                    + "Signature=([0-9a-f]{64})");

    private record Key(String arn, KeyPair pair, String keySpec, List<Algorithm> algorithms) {
    }

    private final HttpServer http;
    private final String accessKey;
    private final String secretKey;
    private final String region;
    private final Map<String, Key> keys = new ConcurrentHashMap<>();
    /** Every request seen: target and body, for tests to inspect. */
    public final List<String> requests = new CopyOnWriteArrayList<>();

    private FakeKms(String accessKey, String secretKey, String region) throws IOException {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.region = region;
        this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        http.createContext("/", this::handle);
        http.start();
    }

    public static FakeKms start(String accessKey, String secretKey, String region) {
        try {
            return new FakeKms(accessKey, secretKey, region);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    /** Adds a key reachable by its id, its ARN and {@code alias/<alias>} when alias is not null. */
    public void addKey(String keyId, String alias, KeyPair pair, String keySpec, Algorithm... algorithms) {
        Key k = new Key("arn:aws:kms:" + region + ":111122223333:key/" + keyId, pair, keySpec, List.of(algorithms));
        keys.put(keyId, k);
        keys.put(k.arn(), k);
        if (alias != null) {
            keys.put("alias/" + alias, k);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
            requests.add(target + " " + new String(body, StandardCharsets.UTF_8));
            if (!ex.getRequestMethod().equals("POST") || !ex.getRequestURI().getPath().equals("/")) {
                reply(ex, 400, error("UnknownOperationException", "KMS takes POST /"));
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null) {
                reply(ex, 400, error("MissingAuthenticationTokenException", "Request is missing Authentication Token"));
                return;
            }
            String problem = checkSignature(ex, auth, body);
            if (problem != null) {
                reply(ex, 400, error("InvalidSignatureException", problem));
                return;
            }
            if (!"application/x-amz-json-1.1".equals(ex.getRequestHeaders().getFirst("Content-Type"))) {
                reply(ex, 400, error("SerializationException", "expected application/x-amz-json-1.1"));
                return;
            }
            JsonFields req;
            try {
                req = JsonFields.parse(body, "request");
            } catch (JsonException e) {
                reply(ex, 400, error("SerializationException", e.getMessage()));
                return;
            }
            switch (String.valueOf(target)) {
                case "TrentService.GetPublicKey" -> getPublicKey(ex, req);
                case "TrentService.Sign" -> sign(ex, req);
                default -> reply(ex, 400, error("UnknownOperationException", "unknown target " + target));
            }
        }
    }

    private void getPublicKey(HttpExchange ex, JsonFields req) throws IOException {
        Key k = keys.get(req.string("KeyId"));
        if (k == null) {
            reply(ex, 400, error("NotFoundException", "Key '" + req.string("KeyId") + "' does not exist"));
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("KeyId", k.arn());
        out.put("PublicKey", Base64.getEncoder().encodeToString(k.pair().getPublic().getEncoded()));
        out.put("KeySpec", k.keySpec());
        out.put("CustomerMasterKeySpec", k.keySpec());
        out.put("KeyUsage", "SIGN_VERIFY");
        List<Object> algs = new ArrayList<>();
        k.algorithms().forEach(a -> algs.add(a.name()));
        out.put("SigningAlgorithms", algs);
        reply(ex, 200, CanonicalJson.bytes(out));
    }

    private void sign(HttpExchange ex, JsonFields req) throws IOException {
        Key k = keys.get(req.string("KeyId"));
        if (k == null) {
            reply(ex, 400, error("NotFoundException", "Key '" + req.string("KeyId") + "' does not exist"));
            return;
        }
        if (!"DIGEST".equals(req.optString("MessageType"))) {
            reply(ex, 400, error("ValidationException", "this stand-in signs only MessageType DIGEST"));
            return;
        }
        Algorithm algorithm;
        try {
            algorithm = Algorithm.parse(req.string("SigningAlgorithm"));
        } catch (IllegalArgumentException e) {
            reply(ex, 400, error("ValidationException", e.getMessage()));
            return;
        }
        if (!k.algorithms().contains(algorithm)) {
            reply(ex, 400, error("InvalidKeyUsageException", "key does not support " + algorithm));
            return;
        }
        byte[] digest = Base64.getDecoder().decode(req.string("Message"));
        if (digest.length != 32) {
            reply(ex, 400, error("ValidationException", "Digest is invalid length for algorithm " + algorithm));
            return;
        }
        try {
            byte[] sig = DigestSigning.sign(algorithm, k.pair().getPrivate(), k.pair().getPublic(), null, digest);
            reply(ex, 200, CanonicalJson.bytes(Map.of("KeyId", k.arn(), "SigningAlgorithm", algorithm.name(),
                    "Signature", Base64.getEncoder().encodeToString(sig))));
        } catch (GeneralSecurityException e) {
            reply(ex, 500, error("KMSInternalException", e.getMessage()));
        }
    }

    /** SigV4: recompute the signature over the canonical request; null when it matches. */
    private String checkSignature(HttpExchange ex, String auth, byte[] body) {
        Matcher m = AUTH.matcher(auth);
        if (!m.matches()) {
            return "Authorization header is not AWS4-HMAC-SHA256 for kms";
        }
        if (!m.group(1).equals(accessKey)) {
            return "The security token included in the request is invalid (access key " + m.group(1) + ")";
        }
        if (!m.group(3).equals(region)) {
            return "Credential should be scoped to a valid region, not '" + m.group(3) + "'";
        }
        String amzDate = ex.getRequestHeaders().getFirst("X-Amz-Date");
        if (amzDate == null || !amzDate.startsWith(m.group(2))) {
            return "X-Amz-Date is missing or does not match the credential scope";
        }
        StringBuilder canonical = new StringBuilder("POST\n/\n\n");
        for (String h : m.group(4).split(";")) {
            List<String> values = ex.getRequestHeaders().get(h);
            if (values == null) {
                return "signed header " + h + " is missing";
            }
            canonical.append(h).append(':').append(String.join(",", values.stream()
                    .map(v -> v.strip().replaceAll(" +", " ")).toList())).append('\n');
        }
        canonical.append('\n').append(m.group(4)).append('\n').append(hex(sha256(body)));
        String scope = m.group(2) + "/" + region + "/kms/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), m.group(2));
        key = hmac(key, region);
        key = hmac(key, "kms");
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, toSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                m.group(5).getBytes(StandardCharsets.US_ASCII))) {
            return "The request signature we calculated does not match the signature you provided";
        }
        return null;
    }

    private static byte[] error(String type, String message) {
        return CanonicalJson.bytes(Map.of("__type", type, "message", message));
    }

    private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        ex.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
