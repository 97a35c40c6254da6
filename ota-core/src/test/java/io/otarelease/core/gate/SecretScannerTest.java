package io.otarelease.core.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretScannerTest {
    // Made-up values in the shapes real ones have; none is a live credential.
    static final String AWS_KEY = "AKIA" + "Q3EGXJ7TZ2MPLW4N";
    // not a provider shape: these tests are about the name-and-entropy rule (SecretsGateTest has the providers)
    static final String TOKEN = "q7_Zx" + "9fQ2xLm7Vt4ZpR8kWn3Yb6Hc";

    final SecretScanner scanner = new SecretScanner(3.5, 16);

    @Test
    void finds_an_aws_access_key_with_its_line_and_never_prints_it() {
        List<Finding> found = scanner.scan("js/config.js", "var region = 'eu-west-1';\nvar id = '" + AWS_KEY + "';\n");
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo("secret/aws-access-key");
            assertThat(f.location()).isEqualTo("js/config.js:2:11");
            assertThat(f.message()).doesNotContain(AWS_KEY).doesNotContain(AWS_KEY.substring(4));
        });
    }

    @Test
    void finds_pem_private_keys_of_every_kind() {
        String text = "const a = `-----BEGIN PRIVATE KEY-----\nMIIE...`;\n"
                + "const b = '-----BEGIN RSA PRIVATE KEY-----';\nconst c = '-----BEGIN OPENSSH PRIVATE KEY-----';\n"
                + "const pub = '-----BEGIN PUBLIC KEY-----';\n";
        assertThat(scanner.scan("a.js", text)).extracting(Finding::rule, Finding::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("secret/private-key", 1),
                        org.assertj.core.groups.Tuple.tuple("secret/private-key", 3),
                        org.assertj.core.groups.Tuple.tuple("secret/private-key", 4));
    }

    @Test
    void finds_high_entropy_tokens_assigned_to_secret_like_names_in_minified_code() {
        String text = "var a=1,b={apiKey:\"" + TOKEN + "\",n:2};c.client_secret='" + TOKEN + "';"
                + "window.AUTH_TOKEN = `" + TOKEN + "`;";
        List<Finding> found = scanner.scan("main.js", text);
        assertThat(found).extracting(Finding::rule).containsOnly("secret/token").hasSize(3);
        assertThat(found).extracting(Finding::message).allSatisfy(m -> assertThat(m).doesNotContain(TOKEN));
        assertThat(found.get(0).message()).contains("'apiKey'");
        assertThat(found.get(0).column()).isEqualTo(text.indexOf("apiKey") + 1);
    }

    @Test
    void leaves_alone_what_is_not_a_secret() {
        String text = String.join("\n",
                "var apiKey = 'your-api-key-here';",         // placeholder: low entropy
                "var token = 'abc';",                        // too short
                "var tokenizer = new Tokenizer(input);",     // a name, no quoted value
                "if (secret === '" + TOKEN + "') {}",        // a comparison, not an assignment
                "var label = '" + TOKEN + "';",              // high entropy, harmless name
                "var image = 'data:image/png;base64," + "A".repeat(200_000) + "';");
        assertThat(scanner.scan("a.js", text)).isEmpty();
    }

    @Test
    void entropy_is_measured_in_bits_per_character() {
        assertThat(SecretScanner.entropy("aaaa")).isZero();
        assertThat(SecretScanner.entropy("abcd")).isEqualTo(2.0);
        assertThat(SecretScanner.entropy(TOKEN)).isGreaterThan(4.0);
    }
}
