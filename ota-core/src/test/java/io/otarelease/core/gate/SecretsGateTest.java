package io.otarelease.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each credential shape the secrets gate must refuse, planted in a real bundle directory and run through every
 * gate. Made-up values in the shapes real ones have (the keys are generated per run); none is a live credential.
 */
class SecretsGateTest {
    static final String STRIPE = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc";
    static final String GITHUB = "ghp_" + "R8nXq2Lm5Vt7ZpK3Wb9Yc4Hd6Jf1Gs0Ae2Qu";
    static final String SLACK = "https://hooks.slack.com/services/" + "T0AB3CD4E/B0FG5HI6JKL/aB3dE5fG7hJ9kL1mN3pQ5rS7";
    static final String GOOGLE = "AIza" + "SyD4x7Qm2Lp9Vt3Zk8Rw6Yb1Nc5Hf0Ge3Ju";

    @TempDir
    Path tmp;
    Path www;

    @BeforeEach
    void sample() throws Exception {
        www = GateBundles.copySample(tmp.resolve("www"));
    }

    GateReport run() {
        return new GateRunner(GateBundles.policy("signature:\n  required: false\n"), GateBundles.CLOCK)
                .run(new GateRunner.Inputs(www, null, null, null));
    }

    /** The secrets gate's findings for a bundle with {@code file} holding {@code content}; the secret never shows. */
    List<Finding> secretsIn(String file, byte[] content, String secret) throws Exception {
        Path p = www.resolve(file);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        GateReport r = run();
        assertThat(r.summary()).doesNotContain(secret);
        assertThat(new String(SarifReport.write(r, "1.0.0"), StandardCharsets.UTF_8)).doesNotContain(secret);
        assertThat(new String(JUnitReport.write(r, GateBundles.CLOCK.instant()), StandardCharsets.UTF_8))
                .doesNotContain(secret);
        return GateRunnerTest.byGate(r).get("secrets").findings();
    }

    List<Finding> secretsIn(String file, String content, String secret) throws Exception {
        return secretsIn(file, content.getBytes(StandardCharsets.UTF_8), secret);
    }

    @Test
    void a_base64_der_private_key_is_found_under_any_name() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        String rsaKey = Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPrivate().getEncoded());
        var ecPair = ec.generateKeyPair();
        String ecKey = Base64.getEncoder().encodeToString(ecPair.getPrivate().getEncoded());
        String publicKey = Base64.getEncoder().encodeToString(ecPair.getPublic().getEncoded());
        List<Finding> found = secretsIn("js/keys.js", "var conf = {\n  privateKey: \"" + rsaKey + "\",\n"
                + "  signingKey: '" + ecKey + "',\n  verifyWith: '" + publicKey + "'\n};\n", rsaKey.substring(0, 60));
        assertThat(found).extracting(Finding::rule, Finding::location).containsExactly(
                org.assertj.core.groups.Tuple.tuple("secret/private-key", "js/keys.js:2:16"),
                org.assertj.core.groups.Tuple.tuple("secret/private-key", "js/keys.js:3:16"));
    }

    @Test
    void a_stripe_secret_key_is_found_and_a_publishable_key_is_not() throws Exception {
        List<Finding> found = secretsIn("js/pay.js", "const pub = Stripe('pk_live_" + "4eC39HqLyjWDarjtT1zdp7dc');\n"
                + "fetch(u, {body: 'sk=' + x, headers: {k: '" + STRIPE + "'}});\n", STRIPE);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("secret/stripe-key");
            assertThat(f.location()).isEqualTo("js/pay.js:2:42");
        });
    }

    @Test
    void a_github_token_is_found() throws Exception {
        assertThat(secretsIn("js/ci.js", "octokit.auth(\"" + GITHUB + "\");\n", GITHUB)).singleElement()
                .satisfies(f -> assertThat(f.rule()).isEqualTo("secret/github-token"));
    }

    @Test
    void a_slack_webhook_url_is_found() throws Exception {
        assertThat(secretsIn("js/report.js", "post(\"" + SLACK + "\", body);\n", SLACK)).singleElement()
                .satisfies(f -> assertThat(f.rule()).isEqualTo("secret/slack-webhook"));
    }

    @Test
    void a_google_api_key_is_found() throws Exception {
        assertThat(secretsIn("js/maps.js", "loadMaps({k: \"" + GOOGLE + "\"});\n", GOOGLE)).singleElement()
                .satisfies(f -> assertThat(f.rule()).isEqualTo("secret/google-api-key"));
    }

    @Test
    void an_aws_key_id_split_across_a_string_concatenation_is_found_where_it_starts() throws Exception {
        List<Finding> found = secretsIn("js/s3.js", "var region = 'eu-west-1';\nvar id = 'AKIA' +\n    'Q3EGXJ7T' + "
                + "\"Z2MPLW4N\";\n", "Q3EGXJ7T");
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("secret/aws-access-key");
            assertThat(f.location()).isEqualTo("js/s3.js:2:11");
        });
    }

    @Test
    void a_base64_wrapped_pem_key_is_found() throws Exception {
        String pem = "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oWs1gQn\n"
                + "-----END EC PRIVATE KEY-----\n";
        String wrapped = Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
        assertThat(secretsIn("js/sign.js", "const k = atob(\"" + wrapped + "\");\n", wrapped)).singleElement()
                .satisfies(f -> {
                    assertThat(f.rule()).isEqualTo("secret/private-key");
                    assertThat(f.message()).contains("base64-encoded PEM");
                });
    }

    @Test
    void a_bearer_jwt_is_found_but_a_public_supabase_anon_key_is_not() throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String user = b64.encodeToString("{\"sub\":\"svc-backoffice\",\"role\":\"service_role\",\"exp\":1900000000}"
                .getBytes(StandardCharsets.UTF_8));
        String anon = b64.encodeToString("{\"iss\":\"supabase\",\"role\":\"anon\",\"exp\":1900000000}"
                .getBytes(StandardCharsets.UTF_8));
        String sig = "Xq4mV8tZ2pL7wR1yK9bN3cH6fJ0gD5sA";
        String jwt = header + "." + user + "." + sig;
        List<Finding> found = secretsIn("js/api.js", "createClient(url, '" + header + "." + anon + "." + sig + "');\n"
                + "fetch(u, {headers: {Authorization: 'Bearer " + jwt + "'}});\n", jwt);
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("secret/jwt");
            assertThat(f.line()).isEqualTo(2);
        });
    }

    @Test
    void a_utf16_config_with_a_byte_order_mark_is_decoded_and_scanned() throws Exception {
        String json = "{\n  \"region\": \"eu-west-1\",\n  \"key\": \"AKIA" + "Q3EGXJ7TZ2MPLW4N\"\n}\n";
        byte[] bom = {(byte) 0xff, (byte) 0xfe};
        byte[] body = json.getBytes(StandardCharsets.UTF_16LE);
        byte[] file = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, file, 0, 2);
        System.arraycopy(body, 0, file, 2, body.length);
        List<Finding> found = secretsIn("config.json", file, "Q3EGXJ7TZ2MPLW4N");
        assertThat(found).singleElement().satisfies(f -> assertThat(f.location()).isEqualTo("config.json:3:11"));
        assertThat(GateRunnerTest.byGate(run()).get("secrets").summary()).doesNotContain("binary");
    }

    @Test
    void a_file_with_a_nul_byte_is_still_scanned_and_counted() throws Exception {
        byte[] pem = "\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n".getBytes(StandardCharsets.US_ASCII);
        byte[] file = new byte[1 + pem.length];
        System.arraycopy(pem, 0, file, 1, pem.length); // file[0] is NUL
        List<Finding> found = secretsIn("data/blob.bin", file, "MIIEow");
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("secret/private-key");
            assertThat(f.location()).isEqualTo("data/blob.bin:2:1");
        });
        assertThat(GateRunnerTest.byGate(run()).get("secrets").summary()).contains("1 binary files scanned");
    }
}
