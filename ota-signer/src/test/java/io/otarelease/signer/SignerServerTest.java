package io.otarelease.signer;

import static io.otarelease.signer.SignerFixture.get;
import static io.otarelease.signer.SignerFixture.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.client.json.JsonFields;
import io.otarelease.client.signature.Algorithm;
import io.otarelease.client.signature.SignatureEnvelope;
import io.otarelease.client.signature.TrustedKeys;
import io.otarelease.core.testing.OpenSsl;
import io.otarelease.core.testing.Processes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The signing server against real TLS, a SoftHSM2 token and openssl: what it signs, and every refusal. */
class SignerServerTest {
    @TempDir
    static Path dir;
    static SignerFixture fx;
    static SignerServer server;
    static URI url;
    static Path audit;
    static HttpClient good;

    @BeforeAll
    static void start() {
        fx = SignerFixture.create(dir);
        audit = dir.resolve("audit/audit.jsonl");
        server = fx.start(fx.writeConfig("signer.yaml", audit, List.of(), ""));
        url = server.url();
        good = fx.client(fx.good);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void serverStillServes() throws Exception {
        HttpResponse<String> r = get(good, url, "/healthz");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"ok\"");
    }

    @ParameterizedTest
    @CsvSource({"ota-ec, ECDSA_SHA_256", "ota-rsa, RSASSA_PKCS1_V1_5_SHA_256", "ota-pss, RSASSA_PSS_SHA_256"})
    void signaturesOfEveryAlgorithmVerifyWithOpenssl(String keyId, Algorithm algorithm) throws Exception {
        Path message = dir.resolve("manifest-" + keyId + ".json");
        Files.writeString(message, "{\"schema\":\"ota-manifest/1\",\"version\":\"" + keyId + "\"}");
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(message));

        HttpResponse<String> r = post(good, url, "/v1/sign", signRequest(keyId, algorithm.name(), digest));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonFields answer = JsonFields.parse(r.body().getBytes(StandardCharsets.UTF_8), "answer");
        assertThat(answer.string("keyId")).isEqualTo(keyId);
        assertThat(answer.string("algorithm")).isEqualTo(algorithm.name());
        SignatureEnvelope env = new SignatureEnvelope(keyId, algorithm,
                Base64.getDecoder().decode(answer.string("signature")), "2026-03-29T14:00:00Z");
        assertThat(OpenSsl.verifies(publicKeys(good).find(keyId).orElseThrow().publicKey(), env, message)).isTrue();
    }

    @Test
    void keysListsOnlyTheKeysThisClientMayUse() throws Exception {
        assertThat(publicKeys(good).keys()).extracting(k -> k.keyId()).containsExactly("ota-ec", "ota-rsa", "ota-pss");
        assertThat(publicKeys(fx.client(fx.limited)).keys()).extracting(k -> k.keyId()).containsExactly("ota-limited");
    }

    @Test
    void aClientWithoutCertificateFailsTheHandshake() {
        assertThatThrownBy(() -> get(fx.client(null), url, "/healthz")).isInstanceOf(IOException.class);
    }

    @Test
    void aCertificateFromAnotherCaFailsTheHandshake() {
        assertThatThrownBy(() -> get(fx.client(fx.foreign), url, "/v1/keys")).isInstanceOf(IOException.class);
    }

    @Test
    void anExpiredCertificateFailsTheHandshake() {
        assertThatThrownBy(() -> get(fx.client(fx.expired), url, "/v1/keys")).isInstanceOf(IOException.class);
    }

    @Test
    void anUnknownClientIsForbidden() throws Exception {
        HttpResponse<String> r = post(fx.client(fx.stranger), url, "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256",
                new byte[32]));
        assertRefused(r, 403, "client_unknown", fx.stranger.fingerprint());
        assertRefused(get(fx.client(fx.stranger), url, "/v1/keys"), 403, "client_unknown", "stranger");
    }

    @Test
    void aRevokedClientIsForbiddenEvenThoughItsSubjectIsAllowed() throws Exception {
        HttpResponse<String> r = post(fx.client(fx.revoked), url, "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256",
                new byte[32]));
        assertRefused(r, 403, "client_revoked", "revoked");
    }

    @Test
    void aKeyTheClientMayNotUseIsForbidden() throws Exception {
        assertRefused(post(fx.client(fx.limited), url, "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256",
                new byte[32])), 403, "key_not_allowed", "ota-ec");
        assertRefused(post(good, url, "/v1/sign", signRequest("ota-limited", "ECDSA_SHA_256", new byte[32])), 403,
                "key_not_allowed", "ota-limited");
    }

    @Test
    void anUnknownKeyIsAnsweredExactlyLikeAKeyTheClientMayNotUseSoKeyIdsCannotBeListed() throws Exception {
        HttpResponse<String> unknown = post(good, url, "/v1/sign", signRequest("ota-nope", "ECDSA_SHA_256",
                new byte[32]));
        HttpResponse<String> notMine = post(good, url, "/v1/sign", signRequest("ota-limited", "ECDSA_SHA_256",
                new byte[32]));
        assertRefused(unknown, 403, "key_not_allowed", "ota-nope");
        assertRefused(notMine, 403, "key_not_allowed", "ota-limited");
        assertThat(unknown.body().replace("ota-nope", "KEY")).isEqualTo(notMine.body().replace("ota-limited", "KEY"));
        assertThat(unknown.headers().map()).containsOnlyKeys(notMine.headers().map().keySet());
        // the operator still sees which it was
        List<JsonFields> lines = AuditLines.read(audit);
        assertThat(AuditLines.last(lines, l -> "ota-nope".equals(l.optString("keyId"))).raw().get("keyExists"))
                .isEqualTo(false);
        assertThat(AuditLines.last(lines, l -> "ota-limited".equals(l.optString("keyId"))).raw().get("keyExists"))
                .isEqualTo(true);
    }

    @Test
    void anAlgorithmThatDoesNotFitTheKeyIsABadRequest() throws Exception {
        assertRefused(post(good, url, "/v1/sign", signRequest("ota-ec", "RSASSA_PSS_SHA_256", new byte[32])), 400,
                "algorithm_mismatch", "bound to ECDSA_SHA_256");
        assertRefused(post(good, url, "/v1/sign", signRequest("ota-rsa", "RSASSA_PSS_SHA_256", new byte[32])), 400,
                "algorithm_mismatch", "RSASSA_PKCS1_V1_5_SHA_256");
        assertRefused(post(good, url, "/v1/sign", signRequest("ota-ec", "ED25519", new byte[32])), 400,
                "bad_algorithm", "ED25519");
    }

    @Test
    void aDigestThatIsNotBase64OrNot32BytesIsABadRequest() throws Exception {
        assertRefused(post(good, url, "/v1/sign",
                "{\"keyId\":\"ota-ec\",\"algorithm\":\"ECDSA_SHA_256\",\"digest\":\"%%%not base64\"}"), 400,
                "bad_digest", "not base64");
        assertRefused(post(good, url, "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256", new byte[31])), 400,
                "bad_digest", "not 31 bytes");
        assertRefused(post(good, url, "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256", new byte[64])), 400,
                "bad_digest", "not 64 bytes");
    }

    @Test
    void malformedRequestsAreBadRequests() throws Exception {
        assertRefused(post(good, url, "/v1/sign", "{\"keyId\":"), 400, "bad_request", "request");
        assertRefused(post(good, url, "/v1/sign", "[1,2]"), 400, "bad_request", "object");
        assertRefused(post(good, url, "/v1/sign", "{\"keyId\":\"ota-ec\",\"digest\":\"AA==\"}"), 400, "bad_request",
                "algorithm is missing");
        assertRefused(post(good, url, "/v1/sign", "{\"keyId\":\"ota-ec\",\"keyId\":\"ota-rsa\"}"), 400,
                "bad_request", "duplicate");
        assertRefused(post(good, url, "/v1/sign", "{\"keyId\":\"a\",\"algorithm\":\"b\",\"digest\":\"c\",\"x\":1}"),
                400, "bad_request", "x is not a field");
        assertRefused(get(good, url, "/v1/sign"), 405, "method_not_allowed", "POST");
        assertRefused(get(good, url, "/v2/anything"), 404, "not_found", "/v2/anything");
    }

    @Test
    void aBodyOver4KibIsRefused() throws Exception {
        String big = "{\"keyId\":\"ota-ec\",\"algorithm\":\"ECDSA_SHA_256\",\"digest\":\"" + "A".repeat(5000) + "\"}";
        assertRefused(post(good, url, "/v1/sign", big), 413, "body_too_large", "4096");
        // exactly at the limit the body is read and judged on its content
        String atLimit = "{\"keyId\":\"ota-ec\",\"algorithm\":\"ECDSA_SHA_256\",\"digest\":\"AA==\"}";
        atLimit = atLimit + " ".repeat(SigningApi.MAX_BODY - atLimit.length());
        assertRefused(post(good, url, "/v1/sign", atLimit), 400, "bad_digest", "not 1 bytes");
    }

    @Test
    void tls11IsRefusedAndTls12Accepted() throws Exception {
        String connect = "127.0.0.1:" + server.port();
        List<String> base = List.of("openssl", "s_client", "-connect", connect, "-CAfile", fx.pki.serverCa.toString(),
                "-cert", fx.good.cert().toString(), "-key", fx.good.key().toString());
        Processes.Result tls11 = sClient(concat(base, "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"));
        assertThat(tls11.exitCode()).isNotZero();
        // openssl did send a TLS 1.1 ClientHello (it was not refusing to try); the server answered only with a
        // protocol_version alert (7 bytes), no certificate
        assertThat(tls11.output()).containsPattern("handshake has read [07] bytes and written [1-9][0-9]* bytes")
                .contains("no peer certificate available");

        Processes.Result tls12 = sClient(concat(base, "-tls1_2"));
        assertThat(tls12.output()).contains("Protocol  : TLSv1.2").contains("Verify return code: 0 (ok)");
    }

    @Test
    void refusalsCarryNoStackTrace() throws Exception {
        HttpResponse<String> r = post(good, url, "/v1/sign", "\u0000\u00ff{{{");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("io.otarelease");
    }

    @Test
    void everyRequestLeavesOneAuditLine() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("audit me".getBytes(StandardCharsets.UTF_8));
        assertThat(post(good, url, "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256", digest)).statusCode())
                .isEqualTo(200);
        assertThat(post(fx.client(fx.limited), url, "/v1/sign", signRequest("ota-ec", "ECDSA_SHA_256", digest))
                .statusCode()).isEqualTo(403);

        List<JsonFields> lines = AuditLines.read(audit);
        String hex = java.util.HexFormat.of().formatHex(digest);
        JsonFields signed = AuditLines.last(lines, l -> hex.equals(l.optString("digest")) && l.string("outcome")
                .equals("signed"));
        assertThat(signed.string("keyId")).isEqualTo("ota-ec");
        assertThat(signed.string("clientFingerprint")).isEqualTo(fx.good.fingerprint());
        assertThat(signed.string("clientSubject")).isEqualTo("CN=ci-runner,O=OTA Test");
        assertThat(signed.integer("status")).isEqualTo(200);
        assertThat(signed.string("time")).isNotBlank();
        JsonFields refused = AuditLines.last(lines, l -> hex.equals(l.optString("digest")) && l.string("outcome")
                .equals("refused"));
        assertThat(refused.string("error")).isEqualTo("key_not_allowed");
        assertThat(refused.string("clientFingerprint")).isEqualTo(fx.limited.fingerprint());
    }

    static TrustedKeys publicKeys(HttpClient c) throws Exception {
        HttpResponse<String> r = get(c, url, "/v1/keys");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TrustedKeys.parse(r.body().getBytes(StandardCharsets.UTF_8), "/v1/keys");
    }

    static String signRequest(String keyId, String algorithm, byte[] digest) {
        return "{\"keyId\":\"" + keyId + "\",\"algorithm\":\"" + algorithm + "\",\"digest\":\""
                + Base64.getEncoder().encodeToString(digest) + "\"}";
    }

    static void assertRefused(HttpResponse<String> r, int status, String code, String because) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonFields body = JsonFields.parse(r.body().getBytes(StandardCharsets.UTF_8), "error");
        assertThat(body.string("error")).isEqualTo(code);
        assertThat(body.string("message")).contains(because);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** openssl s_client with its input at end of file, so it leaves right after the handshake. */
    private static Processes.Result sClient(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return new Processes.Result(p.exitValue(), out);
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
    }
}
