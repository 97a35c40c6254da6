package io.otarelease.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otarelease.core.OtaException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** signer.yaml errors name the file and the key at fault. */
class ServerConfigTest {
    @TempDir
    Path dir;

    static final String FP = "ab".repeat(32);

    @BeforeEach
    void files() throws Exception {
        for (String f : new String[] {"server.p12", "ca.pem", "token.cfg", "pin.txt"}) {
            Files.writeString(dir.resolve(f), "x");
        }
    }

    private String valid() {
        return """
                listen: 127.0.0.1:8443
                tls: {keyStore: server.p12, keyStorePasswordEnv: TLS_PW, clientCa: ca.pem}
                token: {pkcs11Config: token.cfg, pinFile: pin.txt}
                keys:
                  - {keyId: ota-a, label: release-ec, algorithm: ECDSA_SHA_256, clients: [ci]}
                clients:
                  - {name: ci, fingerprint: "%s"}
                revoked: []
                audit: {file: audit.jsonl}
                """.formatted(FP);
    }

    private ServerConfig parse(String yaml) {
        return ServerConfig.parse(yaml.getBytes(StandardCharsets.UTF_8), dir.resolve("signer.yaml"));
    }

    @Test
    void aValidConfigurationResolvesPathsAgainstItsDirectory() {
        ServerConfig c = parse(valid());
        assertThat(c.port()).isEqualTo(8443);
        assertThat(c.tls().keyStore()).isEqualTo(dir.resolve("server.p12"));
        assertThat(c.auditFile()).isEqualTo(dir.resolve("audit.jsonl"));
        assertThat(c.limits().requestsPerSecond()).isEqualTo(50);
        assertThat(c.limits()).isEqualTo(new ServerConfig.Limits(50, 100, 16, 64, 5, 30));
        assertThat(c.keys()).hasSize(1);
        assertThat(parse(valid() + "limits: {connectionsPerPeer: 4, handshakeSeconds: 2, idleSeconds: 9}\n").limits())
                .isEqualTo(new ServerConfig.Limits(50, 100, 16, 4, 2, 9));
    }

    @Test
    void errorsNameTheKeyAtFault() {
        assertFails(valid().replace("ECDSA_SHA_256", "ECDSA_SHA_512"), "keys[0].algorithm", "ECDSA_SHA_512");
        assertFails(valid().replace("clients: [ci]", "clients: [cj]"), "keys[0].clients[0]", "\"cj\"");
        assertFails(valid().replace(FP, "12:34"), "clients[0].fingerprint", "SHA-256");
        assertFails(valid().replace("revoked: []", "revoked: [nope]"), "revoked[0]", "SHA-256");
        assertFails(valid().replace("revoked: []", "revokd: []"), "revokd", "not a known setting");
        assertFails(valid().replace("8443", "99999"), "listen", "HOST:PORT");
        assertFails(valid().replace("ca.pem", "missing.pem"), "tls.clientCa", "does not exist");
        assertFails(valid().replace("keyStorePasswordEnv: TLS_PW", "keyStorePasswordEnv: TLS_PW, "
                + "keyStorePasswordFile: pin.txt"), "tls.keyStorePasswordEnv", "one of them");
        assertFails(valid().replace("{name: ci, fingerprint: \"" + FP + "\"}", "{name: ci}"),
                "clients[0].fingerprint", "or subject");
        assertFails(valid().replace("audit: {file: audit.jsonl}", ""), "audit", "missing");
        assertFails(valid() + "limits: {connectionsPerPeer: 0}\n", "limits.connectionsPerPeer", "between 1");
        assertFails(valid() + "limits: {handshakeSeconds: 600}\n", "limits.handshakeSeconds", "between 1 and 60");
        assertFails("listen: [", "signer.yaml", "not valid YAML");
        assertFails("listen: a\nlisten: b\n", "signer.yaml", "not valid YAML");
    }

    private void assertFails(String yaml, String key, String why) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(OtaException.BadInput.class)
                .hasMessageContaining("signer.yaml").hasMessageContaining(key).hasMessageContaining(why);
    }
}
